/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-ledger-overview.h: the overview of the orders as it stood at an instant of a ledger: the
   state at that instant, and the order events of the window before it (and of a lookback before
   that, for their orders' first events). For `ledger summary` and the app's time travel. */
#pragma once

#include "fb-ledger.h"
#include "fb-order-overview.h"

G_BEGIN_DECLS

/* Every event received at or before @at (G_MAXINT64 = all) counts; the window's events are read
   back to @window + FB_ORDER_OVERVIEW_LOOKBACK before @at (before now, for G_MAXINT64). */
FbOrderOverview *fb_ledger_read_overview        (FbLedger            *ledger,
                                                 gint64               at,
                                                 gint64               window,
                                                 GError             **error);
void             fb_ledger_read_overview_async  (FbLedger            *ledger,
                                                 gint64               at,
                                                 gint64               window,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
FbOrderOverview *fb_ledger_read_overview_finish (FbLedger            *ledger,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
