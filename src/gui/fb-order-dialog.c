/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-dialog.c: an AdwWindow with a header bar and an FbOrderHistory; the history's own
 * close button closes the window. Escape closes it too. */
#define G_LOG_DOMAIN "fb-order-dialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-order-dialog.h"
#include "fb-order-history.h"

static void
fb_order_dialog_history_close_cb (GtkWindow      *window,
                                  FbOrderHistory *history)
{
  gtk_window_close (window);
}

static GtkWindow *
fb_order_dialog_new (GtkWindow *parent,
                     FbOrder   *order)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *history = fb_order_history_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  /* Translators: the title of the window with one order's history. */
  g_autofree char *title = g_strdup_printf (_("Order %s"), fb_order_get_order_id (order));

  g_return_val_if_fail (FB_IS_ORDER (order), NULL);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  /* Marked, to be found again among the toplevels. */
  g_object_set_data_full (G_OBJECT (window), "fb-order-id", g_strdup (fb_order_get_order_id (order)), g_free);
  gtk_window_set_default_size (GTK_WINDOW (window), 440, 560);
  gtk_widget_set_vexpand (history, TRUE);
  fb_order_history_set_order (FB_ORDER_HISTORY (history), order);
  g_signal_connect_object (history, "close", G_CALLBACK (fb_order_dialog_history_close_cb), window, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), history);
  adw_window_set_content (ADW_WINDOW (window), box);

  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));
  return GTK_WINDOW (window);
}

GtkWindow *
fb_order_dialog_present (GtkWindow *parent,
                         FbOrder   *order)
{
  g_autoptr(GList) toplevels = NULL;
  GtkWindow *window = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FB_IS_ORDER (order), NULL);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL && window == NULL; l = l->next)
    if (g_strcmp0 (g_object_get_data (l->data, "fb-order-id"), fb_order_get_order_id (order)) == 0)
      window = l->data;
  if (window == NULL)
    window = fb_order_dialog_new (parent, order);
  gtk_window_present (window);
  return window;
}
