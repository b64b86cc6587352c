/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window-history.c: the window's history: the last known state at start, and the past on
   demand — History (Ctrl+H), previous and next event (Alt+Page Up/Down), an instant typed or
   picked, Back to Live (Escape), and Export and Clear History from the main menu. */
#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-compat.h"
#include "fb-history-export.h"
#include "fb-history-past.h"
#include "fb-window-private.h"

/* Not live yet, and the history gave back orders or feeders to show meanwhile. A ledger with only
   connection attempts in it (a wrong secret, say) is no "last known state". */
static gboolean
fb_window_shows_last_known_state (FbWindow *self)
{
  return self->session != NULL && fb_session_get_as_of (self->session) > 0
         && (g_list_model_get_n_items (G_LIST_MODEL (fb_session_get_orders (self->session))) > 0
             || g_list_model_get_n_items (G_LIST_MODEL (fb_session_get_feeders (self->session))) > 0);
}

void
_fb_window_show_live (FbWindow *self)
{
  g_cancellable_cancel (self->view_cancellable);
  g_clear_object (&self->view_cancellable);
  self->viewing_at = 0;
  _fb_window_update_pages_cb (self);
  fb_orders_page_show_store (self->orders_page, NULL);
  fb_feeders_page_show_store (self->feeders_page, NULL);
  fb_overview_page_view_at (self->overview_page, NULL, 0);
  fb_messages_page_show_past (self->messages_page, NULL, 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back-to-live", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.history-previous", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.history-next", FALSE);
  if (fb_window_shows_last_known_state (self))
    fb_history_bar_show_as_of (self->history_bar, fb_session_get_as_of (self->session));
  else
    fb_history_bar_hide (self->history_bar);
}

static FbLedger *
fb_window_get_ledger (FbWindow *self)
{
  FbHistory *history = self->session != NULL ? fb_session_get_history (self->session) : NULL;

  return history != NULL ? fb_history_get_ledger (history) : NULL;
}

static void
fb_window_history_past_read_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  FbWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbHistoryPast) past = fb_history_past_read_finish (FB_LEDGER (source), result, &error);
  g_autoptr(FbOrderStore) orders = NULL;
  g_autoptr(FbFeederStore) feeders = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (past == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the history: %s"), error->message);
      fb_window_add_toast (self, text);
      _fb_window_show_live (self);
      return;
    }

  /* Feeders with their feed logs, stale or not, as seen from that instant. */
  orders = fb_history_past_build_orders (past);
  feeders = fb_history_past_build_feeders (past, fb_feeder_store_get_stale_after (fb_session_get_feeders (self->session)));
  fb_orders_page_show_store (self->orders_page, orders);
  fb_feeders_page_show_store (self->feeders_page, feeders);
  fb_messages_page_show_past (self->messages_page, FB_LEDGER (source), self->viewing_at);
  fb_history_bar_show_viewing (self->history_bar, self->viewing_at, fb_history_past_get_first (past),
                               fb_history_past_get_last (past), fb_history_past_get_marks (past));
}

/* Shows orders and feeders as they stood at @at, read-only; live events keep being recorded. */
static void
fb_window_view_at (FbWindow *self,
                   gint64    at)
{
  FbLedger *ledger = fb_window_get_ledger (self);

  if (ledger == NULL)
    return;
  g_cancellable_cancel (self->view_cancellable);
  g_clear_object (&self->view_cancellable);
  self->view_cancellable = g_cancellable_new ();
  self->viewing_at = at;
  _fb_window_update_pages_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back-to-live", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.history-previous", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.history-next", TRUE);
  fb_history_past_read_async (ledger, at, self->view_cancellable, fb_window_history_past_read_cb, self);
  fb_overview_page_view_at (self->overview_page, ledger, at);
}

static void
fb_window_history_flushed_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(FbWindow) self = user_data;
  gint64 first, last;

  /* Paused recording is no reason not to show what is on disk: the banner says the rest. */
  fb_ledger_flush_finish (FB_LEDGER (source), result, NULL);
  if (self->viewing_at != 0 || fb_window_get_ledger (self) != FB_LEDGER (source))
    return;
  if (!fb_ledger_get_time_range (FB_LEDGER (source), &first, &last))
    {
      fb_window_add_toast (self, _("Nothing has been recorded for this connection yet"));
      return;
    }
  fb_window_view_at (self, last);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  FbLedger *ledger = fb_window_get_ledger (self);

  if (self->viewing_at != 0)
    {
      _fb_window_show_live (self);
      return;
    }
  if (ledger == NULL)
    {
      fb_window_add_toast (self, _("Nothing has been recorded for this connection yet"));
      return;
    }
  /* What arrived in the last moments is still on its way to the disk: at most one commit. */
  fb_ledger_flush_async (ledger, NULL, fb_window_history_flushed_cb, g_object_ref (self));
}

static void
history_step_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  FbLedger *ledger = fb_window_get_ledger (self);
  int direction = g_str_equal (action_name, "win.history-previous") ? -1 : 1;
  gint64 at;

  if (ledger == NULL || self->viewing_at == 0)
    return;
  if (fb_ledger_neighbor_time (ledger, self->viewing_at, direction, &at))
    fb_window_view_at (self, at);
  else
    gtk_widget_error_bell (widget);
}

static void
back_to_live_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _fb_window_show_live (FB_WINDOW (widget));
}

static void
export_history_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  FbLedger *ledger = fb_window_get_ledger (self);

  if (ledger == NULL)
    {
      fb_window_add_toast (self, _("Nothing has been recorded for this connection yet"));
      return;
    }
  fb_history_export_run (GTK_WINDOW (self), ledger, self->viewing_at);
}

static void
fb_window_history_history_cleared_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(FbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (fb_history_clear_finish (FB_HISTORY (source), result, &error))
    fb_window_add_toast (self, _("History cleared"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Could not clear the history: %s"), error->message);
      fb_window_add_toast (self, text);
    }
}

static void
fb_window_history_clear_response_cb (FbAlert    *dialog,
                                     const char *response,
                                     FbWindow   *self)
{
  FbHistory *history = self->session != NULL ? fb_session_get_history (self->session) : NULL;

  if (g_strcmp0 (response, "clear") != 0 || history == NULL)
    return;
  _fb_window_show_live (self);
  fb_history_clear_async (history, fb_window_history_history_cleared_cb, g_object_ref (self));
}

static void
clear_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  FbAlert *dialog;

  if (fb_window_get_ledger (self) == NULL)
    {
      fb_window_add_toast (self, _("Nothing has been recorded for this connection yet"));
      return;
    }
  dialog = fb_alert_new (GTK_WINDOW (self), _("Clear History?"),
                         _("Every event recorded for this connection is removed from this computer. "
                           "What is shown now stays until you quit. This cannot be undone."));
  fb_alert_add_responses (dialog, "cancel", _("_Cancel"), "clear", _("_Clear"), NULL);
  fb_alert_set_response_appearance (dialog, "clear", ADW_RESPONSE_DESTRUCTIVE);
  fb_alert_set_default_response (dialog, "cancel");
  fb_alert_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (fb_window_history_clear_response_cb), self, 0);
  fb_alert_present (dialog, self);
}

static void
fb_window_history_history_seek_cb (FbWindow     *self,
                                   gint64        at,
                                   FbHistoryBar *bar)
{
  if (self->viewing_at != 0)
    fb_window_view_at (self, at);
}

static void
fb_window_history_session_as_of_cb (FbWindow *self)
{
  if (self->viewing_at == 0)
    _fb_window_show_live (self);
}

static void
fb_window_history_session_history_cb (FbWindow *self)
{
  FbHistory *history = self->session != NULL ? fb_session_get_history (self->session) : NULL;
  gboolean has_history = history != NULL;

  fb_recording_banner_set_history (self->recording_banner, history);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.history", has_history);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-history", has_history);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-history", has_history);
  if (self->viewing_at != 0)
    _fb_window_show_live (self);
}

void
_fb_window_set_session_history (FbWindow  *self,
                               FbSession *session)
{
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::as-of", G_CALLBACK (fb_window_history_session_as_of_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::history", G_CALLBACK (fb_window_history_session_history_cb), self,
                               G_CONNECT_SWAPPED);
    }
  fb_window_history_session_history_cb (self);
  _fb_window_show_live (self);
}

void
_fb_window_init_history (FbWindow *self)
{
  GtkWidget *content = gtk_widget_get_parent (GTK_WIDGET (self->header_bar));

  self->history_bar = FB_HISTORY_BAR (fb_history_bar_new ());
  gtk_box_insert_child_after (GTK_BOX (content), GTK_WIDGET (self->history_bar), GTK_WIDGET (self->header_bar));
  self->recording_banner = FB_RECORDING_BANNER (fb_recording_banner_new ());
  gtk_box_insert_child_after (GTK_BOX (content), GTK_WIDGET (self->recording_banner), GTK_WIDGET (self->header_bar));
  g_signal_connect_object (self->history_bar, "seek", G_CALLBACK (fb_window_history_history_seek_cb), self, G_CONNECT_SWAPPED);
}

void
_fb_window_class_init_history (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, FbWindow, history_button);
  gtk_widget_class_install_action (widget_class, "win.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.history-previous", NULL, history_step_action);
  gtk_widget_class_install_action (widget_class, "win.history-next", NULL, history_step_action);
  gtk_widget_class_install_action (widget_class, "win.back-to-live", NULL, back_to_live_action);
  gtk_widget_class_install_action (widget_class, "win.export-history", NULL, export_history_action);
  gtk_widget_class_install_action (widget_class, "win.clear-history", NULL, clear_history_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.history", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_ALT_MASK, "win.history-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_ALT_MASK, "win.history-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back-to-live", NULL);
}
