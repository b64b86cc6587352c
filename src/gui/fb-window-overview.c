/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window-overview.c: the window's part of the overview and the alerts: the Overview page's
   actions (win.show-overview, Alt+3; win.show-order(s); win.show-orders-with-status(s)), the
   alert bar, and what an alert opens (an order's history, the filtered list, a feeder's card, the
   connection's popover). */
#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-order-dialog.h"
#include "fb-window-private.h"

void
fb_window_show_alert (FbWindow   *self,
                      const char *text,
                      const char *action,
                      GVariant   *target)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  fb_alert_banner_show (self->alert_banner, text, action, target);
}

void
fb_window_show_overview (FbWindow *self)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "overview");
}

/* The order's history in a window of its own; the order as known now, also while in the past. */
void
fb_window_show_order (FbWindow   *self,
                      const char *order_id)
{
  FbOrder *order;

  g_return_if_fail (FB_IS_WINDOW (self));

  order = self->session != NULL ? fb_order_store_lookup (fb_session_get_orders (self->session), order_id) : NULL;
  if (order == NULL)
    {
      /* Translators: an order id. */
      g_autofree char *text = g_strdup_printf (_("Order %s is no longer in the list"), order_id);

      fb_window_add_toast (self, text);
      return;
    }
  fb_order_dialog_present (GTK_WINDOW (self), order);
}

void
fb_window_show_orders_with_status (FbWindow   *self,
                                   const char *status)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "orders");
  fb_orders_page_set_status_filter (self->orders_page, status);
}

void
fb_window_show_feeder (FbWindow   *self,
                       const char *feeder_id)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "feeders");
  fb_feeders_page_show_feeder (self->feeders_page, feeder_id);
}

void
fb_window_show_connection (FbWindow *self)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  fb_connection_indicator_popup (self->connection_indicator);
}

/* win.show-overview, win.show-order(s), win.show-orders-with-status(s) */
static void
show_from_overview_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  if (g_str_equal (action_name, "win.show-order"))
    fb_window_show_order (FB_WINDOW (widget), g_variant_get_string (parameter, NULL));
  else if (g_str_equal (action_name, "win.show-orders-with-status"))
    fb_window_show_orders_with_status (FB_WINDOW (widget), g_variant_get_string (parameter, NULL));
  else
    fb_window_show_overview (FB_WINDOW (widget));
}

/* The status filter counts what the overview shows: live, or the past instant's once read. */
static void
fb_window_overview_overview_shown_cb (FbWindow *self)
{
  fb_orders_page_set_status_counts (self->orders_page, fb_overview_page_get_shown (self->overview_page));
}

void
_fb_window_overview_init (FbWindow *self)
{
  g_signal_connect_object (self->overview_page, "notify::shown", G_CALLBACK (fb_window_overview_overview_shown_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_fb_window_overview_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (FB_TYPE_OVERVIEW_PAGE);
  g_type_ensure (FB_TYPE_ALERT_BANNER);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, alert_banner);
  gtk_widget_class_install_action (widget_class, "win.show-overview", NULL, show_from_overview_action);
  gtk_widget_class_install_action (widget_class, "win.show-order", "s", show_from_overview_action);
  gtk_widget_class_install_action (widget_class, "win.show-orders-with-status", "s", show_from_overview_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-overview", NULL);
}
