/* fb-history-export.h: "Export History…": pick a time range and a file (through the portal when
   sandboxed), then the events of that range are written as JSON Lines off the main thread. */
#pragma once

#include <gtk/gtk.h>

#include "fb-ledger.h"

G_BEGIN_DECLS

void fb_history_export_run (GtkWindow *parent,
                            FbLedger  *ledger,
                            gint64     until);

/* "2026-11-24 07:02:13" (local time) or RFC 3339 → µs since the epoch; FALSE when neither. */
gboolean fb_history_parse_time (const char *text,
                                gint64     *out);

G_END_DECLS
