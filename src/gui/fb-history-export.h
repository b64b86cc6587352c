/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history-export.h: "Export History…": pick a time range and a file (through the portal when
   sandboxed), then the events of that range are written as JSON Lines off the main thread. */
#pragma once

#include <gtk/gtk.h>

#include "fb-ledger.h"

G_BEGIN_DECLS

void fb_history_export_run (GtkWindow *parent,
                            FbLedger  *ledger,
                            gint64     until);

G_END_DECLS
