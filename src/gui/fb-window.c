/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window.c: the main window: header bar with the connection indicator and the page
   switcher, the Orders and Feeders pages, toasts, and the window's size across runs. */
#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-settings.h"
#include "fb-toast.h"
#include "fb-window-private.h"

G_DEFINE_FINAL_TYPE (FbWindow, fb_window, ADW_TYPE_APPLICATION_WINDOW)

void
fb_window_add_toast (FbWindow   *self,
                     const char *message)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, fb_toast_new_plain (message));
}

void
fb_window_set_feeders_page (FbWindow  *self,
                            GtkWidget *page)
{
  AdwViewStackPage *stack_page;

  g_return_if_fail (FB_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  adw_view_stack_remove (self->view_stack, self->feeders_placeholder);
  stack_page = adw_view_stack_add_titled (self->view_stack, page, "feeders", _("Feeders"));
  adw_view_stack_page_set_icon_name (stack_page, "emoji-nature-symbolic");
  self->feeders_placeholder = page;
}

/* -- Start Simulation: shown when the connection has a shared endpoint, one request at a time -- */

static void
fb_window_update_simulation_cb (FbWindow *self)
{
  g_assert (FB_IS_WINDOW (self));

  gtk_widget_set_visible (self->simulation_button, self->simulation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-simulation",
                                 self->simulation != NULL && !fb_order_simulation_get_busy (self->simulation));
}

static void
fb_window_session_simulation_cb (FbWindow *self)
{
  FbOrderSimulation *simulation = self->session != NULL ? fb_session_get_simulation (self->session) : NULL;

  if (self->simulation != NULL)
    g_signal_handlers_disconnect_by_data (self->simulation, self);
  g_set_object (&self->simulation, simulation);
  if (simulation != NULL)
    g_signal_connect_object (simulation, "notify::busy", G_CALLBACK (fb_window_update_simulation_cb), self,
                             G_CONNECT_SWAPPED);
  fb_window_update_simulation_cb (self);
}

static void
fb_window_simulation_toast_dismissed_cb (FbWindow *self,
                                         AdwToast *toast)
{
  if (self->simulation_toast == toast)
    g_clear_weak_pointer (&self->simulation_toast);
}

static void
fb_window_simulation_started_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(FbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *order_id = fb_order_simulation_start_finish (FB_ORDER_SIMULATION (source), result, &error);
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (self->toast_overlay == NULL)
    return;   /* the window is gone */
  if (order_id != NULL)
    /* Translators: the id of the first order the backend made, e.g. 2dh3kOyQLCo9s2mG8yMu5KcZSM5. */
    text = g_strdup_printf (_("Started order %s"), order_id);
  else if (g_error_matches (error, FB_ORDER_SIMULATION_ERROR, FB_ORDER_SIMULATION_ERROR_BUSY))
    text = g_strdup (_("A simulation is already running; try again when its orders are done"));
  else
    text = g_strdup_printf (_("Could not start a simulation: %s"), error->message);

  /* The answer to a click is shown at once, in place of the previous click's, not queued
     behind it for seconds. */
  if (self->simulation_toast != NULL)
    adw_toast_dismiss (self->simulation_toast);
  toast = fb_toast_new_plain (text);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (order_id != NULL)
    {
      adw_toast_set_button_label (toast, _("Show Order"));
      adw_toast_set_action_name (toast, "win.show-started-order");
      adw_toast_set_action_target (toast, "s", order_id);
    }
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (fb_window_simulation_toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->simulation_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
start_simulation_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);

  if (self->simulation == NULL || fb_order_simulation_get_busy (self->simulation))
    return;
  fb_order_simulation_start_async (self->simulation, NULL, fb_window_simulation_started_cb, g_object_ref (self));
}

/* -- live orders: the session's client, store and frame statistics -- */

/* The pages in the window's body: the welcome page on the first run (nothing to connect to);
   "Can't Connect" with the reason while the connection fails and there is nothing to show, not
   even a last known state; else the Orders and Feeders pages. */
void
_fb_window_update_pages_cb (FbWindow *self)
{
  gboolean welcome = self->session != NULL && fb_session_get_needs_setup (self->session);
  gboolean failing = FALSE;

  g_object_get (self->connection_indicator, "can-reconnect", &failing, NULL);
  failing = failing && self->session != NULL && !welcome && self->viewing_at == 0
            && g_list_model_get_n_items (G_LIST_MODEL (fb_session_get_orders (self->session))) == 0
            && g_list_model_get_n_items (G_LIST_MODEL (fb_session_get_feeders (self->session))) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->welcome_page), welcome);
  gtk_widget_set_visible (GTK_WIDGET (self->error_page), failing);
  gtk_widget_set_visible (GTK_WIDGET (self->view_stack), !welcome && !failing);
  /* Neither pages to switch nor a connection to show yet. */
  _fb_window_update_switcher (self);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_indicator), !welcome);
}

/* The reason in the page's words; AdwStatusPage reads its description as markup. */
static gboolean
fb_window_escape_markup_cb (GBinding     *binding,
                            const GValue *from,
                            GValue       *to,
                            gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_take_string (to, text != NULL ? g_markup_escape_text (text, -1) : NULL);
  return TRUE;
}

/* The demo says it is one: a tag in the header bar, the window's subtitle and title. */
static void
fb_window_session_demo_cb (FbWindow *self)
{
  gboolean demo = self->session != NULL && fb_session_is_demo (self->session);

  gtk_widget_set_visible (self->demo_tag, demo);
#if !ADW_CHECK_VERSION (1, 4, 0)
  /* 1.4 and later: the window's title says it where the switcher gives way. */
  adw_view_switcher_title_set_subtitle (ADW_VIEW_SWITCHER_TITLE (self->switcher), demo ? _("Demo backend") : NULL);
#endif
  gtk_window_set_title (GTK_WINDOW (self), demo ? _("Feedboard (Demo)") : _("Feedboard"));
}

/* First run, nothing to connect to: the welcome page instead of empty pages. */
static void
fb_window_session_needs_setup_cb (FbWindow *self)
{
  _fb_window_update_pages_cb (self);
}

static void
fb_window_session_refused_cb (FbWindow *self)
{
  fb_connection_indicator_set_refused (self->connection_indicator,
                                       self->session != NULL ? fb_session_get_n_refused (self->session) : 0,
                                       self->session != NULL ? fb_session_get_last_refusal (self->session) : NULL);
}

/* Reconnect Now (Ctrl+R): the connection popover and the "Can't Connect" page. */
static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);

  if (self->session != NULL)
    fb_session_reconnect (self->session);
}

static void
fb_window_session_problem_cb (FbWindow   *self,
                              const char *message)
{
  fb_window_add_toast (self, message);
}

static void
fb_window_orders_changed_cb (FbWindow *self)
{
  /* Benchmarks: the time between frames from the first event on, written when the window goes. */
  if (self->frame_stats == NULL && gtk_widget_get_realized (GTK_WIDGET (self)))
    self->frame_stats = fb_frame_stats_new (GTK_WIDGET (self));
}

static void
fb_window_write_frame_stats (FbWindow *self)
{
  const char *path = g_getenv ("FB_FRAME_STATS_FILE");
  g_autoptr(GError) error = NULL;

  if (self->frame_stats == NULL || path == NULL)
    return;

  if (!fb_frame_stats_write (self->frame_stats, path, &error))
    g_warning ("Could not write the frame statistics: %s", error->message);
  g_clear_pointer (&self->frame_stats, fb_frame_stats_free);
}

void
fb_window_set_session (FbWindow  *self,
                       FbSession *session)
{
  g_return_if_fail (FB_IS_WINDOW (self));
  g_return_if_fail (session == NULL || FB_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::demo", G_CALLBACK (fb_window_session_demo_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (fb_session_get_orders (session), "items-changed", G_CALLBACK (_fb_window_update_pages_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (fb_session_get_feeders (session), "items-changed", G_CALLBACK (_fb_window_update_pages_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "problem", G_CALLBACK (fb_window_session_problem_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::n-refused", G_CALLBACK (fb_window_session_refused_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::last-refusal", G_CALLBACK (fb_window_session_refused_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::needs-setup", G_CALLBACK (fb_window_session_needs_setup_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::simulation", G_CALLBACK (fb_window_session_simulation_cb),
                               self, G_CONNECT_SWAPPED);
      fb_session_set_frame_widget (session, GTK_WIDGET (self));
      if (g_getenv ("FB_FRAME_STATS_FILE") != NULL)
        g_signal_connect_object (fb_session_get_orders (session), "items-changed",
                                 G_CALLBACK (fb_window_orders_changed_cb), self, G_CONNECT_SWAPPED);
    }

  fb_orders_page_set_session (self->orders_page, session);
  fb_feeders_page_set_session (self->feeders_page, session);
  fb_overview_page_set_overview (self->overview_page, session != NULL ? fb_session_get_overview (session) : NULL);
  fb_messages_page_set_session (self->messages_page, session);
  _fb_window_set_session_history (self, session);
  fb_connection_indicator_set_session (self->connection_indicator, session);
  fb_window_session_refused_cb (self);
  fb_window_session_demo_cb (self);
  fb_window_session_needs_setup_cb (self);
  fb_window_session_simulation_cb (self);
}

static void
fb_window_init_live_orders (FbWindow *self)
{
  self->connection_indicator = FB_CONNECTION_INDICATOR (fb_connection_indicator_new ());
  adw_header_bar_pack_start (self->header_bar, GTK_WIDGET (self->connection_indicator));
  /* "Can't Connect": the indicator's reason and whether Reconnect Now and Edit Connection apply. */
  g_object_bind_property_full (self->connection_indicator, "reason", self->error_page, "description",
                               G_BINDING_SYNC_CREATE, fb_window_escape_markup_cb, NULL, NULL, NULL);
  g_object_bind_property (self->connection_indicator, "can-edit", self->error_edit_button, "visible",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->connection_indicator, "notify::can-reconnect", G_CALLBACK (_fb_window_update_pages_cb),
                           self, G_CONNECT_SWAPPED);
  /* The connection first, then what can be done with it. */
  if (gtk_widget_get_parent (self->simulation_button) == gtk_widget_get_parent (GTK_WIDGET (self->connection_indicator)))
    gtk_box_reorder_child_after (GTK_BOX (gtk_widget_get_parent (self->simulation_button)), self->simulation_button,
                                 GTK_WIDGET (self->connection_indicator));
  self->orders_page = FB_ORDERS_PAGE (fb_orders_page_new ());
  adw_bin_set_child (self->orders_bin, GTK_WIDGET (self->orders_page));
  self->feeders_page = FB_FEEDERS_PAGE (fb_feeders_page_new ());
  fb_window_set_feeders_page (self, GTK_WIDGET (self->feeders_page));
  _fb_window_overview_init (self);
  self->messages_page = FB_MESSAGES_PAGE (fb_messages_page_new ());
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->messages_page),
                                                                "messages", _("Messages")),
                                     "mail-send-receive-symbolic");
  /* Benchmarks: the page shown from the start (bench/live-view.py, "FB_BENCH_PAGE=messages"). */
  if (g_getenv ("FB_BENCH_PAGE") != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, g_getenv ("FB_BENCH_PAGE"));
}

static void
fb_window_dispose_live_orders (FbWindow *self)
{
  fb_window_write_frame_stats (self);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      fb_session_set_frame_widget (self->session, NULL);
    }
  g_clear_object (&self->session);
  if (self->simulation != NULL)
    g_signal_handlers_disconnect_by_data (self->simulation, self);
  g_clear_object (&self->simulation);
  g_clear_weak_pointer (&self->simulation_toast);
}

/* -- actions -- */

/* Pages report outcomes (a feed, a problem) through this action rather than knowing the window. */
static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  fb_window_add_toast (FB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_orders_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "orders");
}

static void
show_feeders_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "feeders");
}

/* The orders page's search entry. FbOrdersPage has no call to show one order yet; filtering the
   list to its id shows it, and Escape in the entry shows them all again. */
static GtkEditable *
fb_window_find_search_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found = GTK_IS_SEARCH_ENTRY (child) ? GTK_EDITABLE (child) : fb_window_find_search_entry (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The toast of Start Simulation: the order it started, in a window of its own when it is in the
   list (win.show-order), else the list filtered to it, to show it as soon as its first event is in. */
static void
show_started_order_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);
  const char *order_id = g_variant_get_string (parameter, NULL);
  GtkEditable *entry;

  if (self->session != NULL && fb_order_store_lookup (fb_session_get_orders (self->session), order_id) != NULL)
    {
      fb_window_show_order (self, order_id);
      return;
    }
  if (self->viewing_at != 0)
    _fb_window_show_live (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "orders");
  entry = fb_window_find_search_entry (GTK_WIDGET (self->orders_page));
  if (entry != NULL)
    gtk_editable_set_text (entry, order_id);
  fb_orders_page_focus_search (self->orders_page);
}

static void
show_messages_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (FB_WINDOW (widget)->view_stack, "messages");
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FbWindow *self = FB_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "orders");
  fb_orders_page_focus_search (self->orders_page);
}

/* -- window size across runs -- */

static void
fb_window_restore_size (FbWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
fb_window_save_size (FbWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
fb_window_close_request (GtkWindow *window)
{
  FbWindow *self = FB_WINDOW (window);

  fb_window_save_size (self);
  fb_window_write_frame_stats (self);

  return GTK_WINDOW_CLASS (fb_window_parent_class)->close_request (window);
}

static void
fb_window_dispose (GObject *object)
{
  FbWindow *self = FB_WINDOW (object);

  g_cancellable_cancel (self->view_cancellable);
  g_clear_object (&self->view_cancellable);
  fb_window_dispose_live_orders (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->switcher);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_WINDOW);

  G_OBJECT_CLASS (fb_window_parent_class)->dispose (object);
}

static void
fb_window_class_init (FbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = fb_window_dispose;
  window_class->close_request = fb_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-window.ui");
  _fb_window_overview_class_init (widget_class);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, error_edit_button);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, demo_tag);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, orders_bin);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, feeders_placeholder);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, simulation_button);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, simulation_label);

  _fb_window_class_init_history (widget_class);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.start-simulation", NULL, start_simulation_action);
  gtk_widget_class_install_action (widget_class, "win.reconnect", NULL, reconnect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reconnect", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-orders", NULL, show_orders_action);
  gtk_widget_class_install_action (widget_class, "win.show-feeders", NULL, show_feeders_action);
  gtk_widget_class_install_action (widget_class, "win.show-started-order", "s", show_started_order_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-orders", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-feeders", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-messages", NULL, show_messages_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-messages", NULL);
}

static void
fb_window_init (FbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _fb_window_switcher_init (self);
  fb_window_init_live_orders (self);
  _fb_window_init_history (self);
  fb_window_update_simulation_cb (self);

  self->settings = fb_settings_new_if_installed ();
  fb_window_restore_size (self);
}

FbWindow *
fb_window_new (FbApplication *app)
{
  return g_object_new (FB_TYPE_WINDOW, "application", app, NULL);
}
