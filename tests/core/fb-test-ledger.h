/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-ledger.h: helpers for the ledger's tests (tests/core/fb-test-ledger.c). */
#pragma once

#include "fb-ledger.h"

G_BEGIN_DECLS

char          *fb_test_make_dir               (void);
void           fb_test_remove_dir             (const char    *dir);
/* An orders/events message with the order's status and updatedAt, received at @received_at. */
FbMqttMessage *fb_test_order_message          (const char    *order_id,
                                               const char    *status,
                                               gint64         updated_at,
                                               gint64         received_at);
/* A GAsyncReadyCallback that keeps a reference to the result in *@user_data (a GAsyncResult *). */
void           fb_test_store_result_cb        (GObject       *source,
                                               GAsyncResult  *result,
                                               gpointer       user_data);
/* Iterates the default context until *@result is set (by a callback that stores it). */
GAsyncResult  *fb_test_wait_for               (GAsyncResult **result);
gboolean       fb_test_ledger_flush           (FbLedger      *ledger,
                                               GError       **error);
gboolean       fb_test_ledger_clear           (FbLedger      *ledger,
                                               GError       **error);
gboolean       fb_test_ledger_apply_retention (FbLedger      *ledger,
                                               gint64         max_age_seconds,
                                               gint64         max_bytes,
                                               GError       **error);

G_END_DECLS
