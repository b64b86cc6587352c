/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeders-page.c: feeders as cards in a flow box bound to the session's FbFeederStore. The
 * route choice is remembered (GSettings "feed-route"); outcomes go to the window as toasts. */
#define G_LOG_DOMAIN "fb-feeders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-describe.h"
#include "fb-feeder-card.h"
#include "fb-feeders-page.h"
#include "fb-settings.h"
#include "fb-toast.h"

struct _FbFeedersPage
{
  GtkWidget     parent_instance;

  GtkStack     *stack;
  GtkDropDown  *route_dropdown;
  GtkFlowBox   *flow_box;

  GSettings    *settings;
  FbSession    *session;
  FbFeederStore *past;          /* feeders at a past instant, read-only */
  AdwStatusPage *empty_page;
  gboolean      updating_route;
};

G_DEFINE_FINAL_TYPE (FbFeedersPage, fb_feeders_page, GTK_TYPE_WIDGET)

static void
fb_feeders_page_update_stack_cb (FbFeedersPage *self)
{
  GListModel *feeders = self->past != NULL ? G_LIST_MODEL (self->past)
                        : self->session != NULL ? G_LIST_MODEL (fb_session_get_feeders (self->session)) : NULL;

  gtk_stack_set_visible_child_name (self->stack,
                                    feeders != NULL && g_list_model_get_n_items (feeders) > 0 ? "feeders" : "empty");
  /* In the past, nothing more is to come: say what the instant shown had, not what to wait for. */
  adw_status_page_set_title (self->empty_page, self->past != NULL ? _("No Feeders at This Time")
                                                                  : _("No Feeders Yet"));
  adw_status_page_set_description (self->empty_page,
                                   self->past != NULL
                                   ? _("No feeder had reported its state by the instant shown.")
                                   : _("A feeder shows up here as soon as it reports its state on cat-feeder/states."));
}

static GtkWidget *
create_card (gpointer item,
             gpointer user_data)
{
  FbFeedersPage *self = user_data;
  gint64 at = self->past != NULL ? fb_feeder_store_get_frozen_at (self->past) : 0;
  GtkWidget *card;

  /* The past is read-only: no sender, no feed buttons; its times and its chart are seen from its
     instant. */
  if (self->past != NULL)
    card = fb_feeder_card_new (item, NULL, at);
  else
    card = fb_feeder_card_new (item, fb_session_get_feed_sender (self->session), 0);
  fb_feeder_card_show_trend (FB_FEEDER_CARD (card), self->session, at);
  return card;
}

void
fb_feeders_page_show_feeder (FbFeedersPage *self,
                             const char    *feeder_id)
{
  GListModel *feeders;

  g_return_if_fail (FB_IS_FEEDERS_PAGE (self));

  feeders = self->past != NULL ? G_LIST_MODEL (self->past)
            : self->session != NULL ? G_LIST_MODEL (fb_session_get_feeders (self->session)) : NULL;
  for (guint i = 0; feeders != NULL && i < g_list_model_get_n_items (feeders); i++)
    {
      g_autoptr(FbFeeder) feeder = g_list_model_get_item (feeders, i);
      GtkFlowBoxChild *child;

      if (g_strcmp0 (fb_feeder_get_id (feeder), feeder_id) != 0)
        continue;
      /* Its card in sight, with the keyboard focus (an alert about it leads here). */
      child = gtk_flow_box_get_child_at_index (self->flow_box, i);
      if (child != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (child));
      return;
    }
}

void
fb_feeders_page_show_store (FbFeedersPage *self,
                            FbFeederStore *store)
{
  g_return_if_fail (FB_IS_FEEDERS_PAGE (self));

  if (self->past != NULL)
    g_signal_handlers_disconnect_by_data (self->past, self);
  g_set_object (&self->past, store);
  if (store != NULL)
    {
      gtk_flow_box_bind_model (self->flow_box, G_LIST_MODEL (store), create_card, self, NULL);
      g_signal_connect_object (store, "items-changed", G_CALLBACK (fb_feeders_page_update_stack_cb), self, G_CONNECT_SWAPPED);
    }
  else if (self->session != NULL)
    gtk_flow_box_bind_model (self->flow_box, G_LIST_MODEL (fb_session_get_feeders (self->session)), create_card,
                             self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->route_dropdown), store == NULL);
  fb_feeders_page_update_stack_cb (self);
}

static void
fb_feeders_page_update_route_cb (FbFeedersPage *self)
{
  FbFeedSender *sender = fb_session_get_feed_sender (self->session);
  gboolean has_eventbridge = fb_feed_sender_can_use (sender, FB_FEED_ROUTE_EVENTBRIDGE, NULL);
  g_autofree char *saved = self->settings != NULL ? g_settings_get_string (self->settings, "feed-route") : NULL;
  FbFeedRoute route;

  /* Without EventBridge the sender falls back to MQTT by itself; a saved choice applies once
     the connection has both routes. */
  if (has_eventbridge && fb_feed_route_from_string (saved, &route))
    fb_feed_sender_set_route (sender, route);

  self->updating_route = TRUE;
  gtk_drop_down_set_selected (self->route_dropdown, fb_feed_sender_get_route (sender));
  self->updating_route = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->route_dropdown), has_eventbridge);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->route_dropdown),
                               has_eventbridge
                               ? _("EventBridge records every feed in the backend’s event log; MQTT goes straight to the feeders")
                               : _("This connection has no EventBridge bus, so feeds go straight to cat-feeder/action"));
}

static void
fb_feeders_page_route_selected_cb (FbFeedersPage *self)
{
  FbFeedRoute route = gtk_drop_down_get_selected (self->route_dropdown);

  if (self->updating_route || self->session == NULL || route > FB_FEED_ROUTE_MQTT)
    return;
  fb_feed_sender_set_route (fb_session_get_feed_sender (self->session), route);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "feed-route", fb_feed_route_to_string (route));
}

static void
fb_feeders_page_command_finished_cb (FbFeedersPage *self,
                                     FbFeedCommand *command)
{
  g_autofree char *text = fb_feed_command_describe_short (command);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);

  /* Someone who pressed and looked away must still learn that the cat was not fed. */
  if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_FAILED
      && GTK_IS_WINDOW (root) && !gtk_window_is_active (GTK_WINDOW (root)))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Feed failed"));
      g_autofree char *body = fb_toast_text_for_notification (text);
      GApplication *app = g_application_get_default ();

      g_notification_set_body (notification, body);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_notification_set_default_action (notification, "app.activate");
      if (app != NULL)
        g_application_send_notification (app, "feed-failed", notification);
    }
}

void
fb_feeders_page_set_session (FbFeedersPage *self,
                             FbSession     *session)
{
  g_return_if_fail (FB_IS_FEEDERS_PAGE (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (fb_session_get_feeders (self->session), self);
      g_signal_handlers_disconnect_by_data (fb_session_get_feed_sender (self->session), self);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  g_set_object (&self->session, session);

  if (session == NULL)
    {
      gtk_flow_box_bind_model (self->flow_box, NULL, NULL, NULL, NULL);
      fb_feeders_page_update_stack_cb (self);
      return;
    }

  if (self->settings != NULL)
    fb_feeder_store_set_stale_after (fb_session_get_feeders (session),
                                     g_settings_get_uint (self->settings, "feeder-stale-after"));
  gtk_flow_box_bind_model (self->flow_box, G_LIST_MODEL (fb_session_get_feeders (session)), create_card, self, NULL);
  g_signal_connect_object (fb_session_get_feeders (session), "items-changed", G_CALLBACK (fb_feeders_page_update_stack_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (fb_session_get_feed_sender (session), "command-finished",
                           G_CALLBACK (fb_feeders_page_command_finished_cb), self, G_CONNECT_SWAPPED);
  /* EventBridge is set up once the connection is: the demo backend starts asynchronously. */
  g_signal_connect_object (session, "notify::client", G_CALLBACK (fb_feeders_page_update_route_cb), self, G_CONNECT_SWAPPED);
  fb_feeders_page_update_route_cb (self);
  fb_feeders_page_update_stack_cb (self);
}

static void
fb_feeders_page_dispose (GObject *object)
{
  FbFeedersPage *self = FB_FEEDERS_PAGE (object);

  fb_feeders_page_set_session (self, NULL);
  g_clear_object (&self->past);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_FEEDERS_PAGE);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fb_feeders_page_parent_class)->dispose (object);
}

static void
fb_feeders_page_class_init (FbFeedersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_feeders_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-feeders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbFeedersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbFeedersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FbFeedersPage, route_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbFeedersPage, flow_box);
  gtk_widget_class_bind_template_callback (widget_class, fb_feeders_page_route_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_feeders_page_init (FbFeedersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = fb_settings_new_if_installed ();
  fb_feeders_page_update_stack_cb (self);
}

GtkWidget *
fb_feeders_page_new (void)
{
  return g_object_new (FB_TYPE_FEEDERS_PAGE, NULL);
}
