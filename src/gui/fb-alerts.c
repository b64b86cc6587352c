/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alerts.c: watches the session and raises alerts through an FbAlertLimiter. Cancellations
 * come with the batches (fb_order_overview_take_newly_cancelled); the rest is looked at on each
 * tick of the app's second clock: the stuck orders, the feeders' levels and last reports, how
 * long the connection has been down. What the limiter lets through goes to the window's alert bar
 * (the window has focus) or becomes a GNotification whose default action opens what it is about. */
#define G_LOG_DOMAIN "fb-alerts"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-alert-limiter.h"
#include "fb-alerts.h"
#include "fb-second-clock.h"
#include "fb-settings.h"
#include "fb-describe.h"
#include "fb-window.h"

#define MAX_STUCK_CHECKED 50
/* A cancellation older than this (history restored, the polling API's list) is old news. */
#define RECENT (5 * 60 * G_USEC_PER_SEC)
#define EXPIRED ((gint64) 24 * 60 * 60 * G_USEC_PER_SEC)

struct _FbAlerts
{
  GObject          parent_instance;

  GtkApplication  *app;            /* unowned: it owns this */
  FbSession       *session;
  FbMqttClient    *client;
  FbOrderOverview *overview;
  GSettings       *settings;       /* NULL without the schema: every kind on */
  FbAlertLimiter  *limiter;
  GHashTable      *stuck;          /* order ids reported stuck and still stuck */
  GHashTable      *low;            /* feeder ids reported low and still low */
  GHashTable      *silent;         /* feeder ids reported silent and still silent */
  gint64           lost_since;     /* real time the connection went down; 0 = up, or never up */
  gboolean         lost_reported;
  gboolean         was_connected;
  gint64           minute;         /* how long a minute of the alerts lasts (µs) */
  FbSecondClock   *clock;          /* held for good: alerts come also while no window shows */
  guint            flush_id;
};

G_DEFINE_FINAL_TYPE (FbAlerts, fb_alerts, G_TYPE_OBJECT)

static gboolean
kind_enabled (FbAlerts    *self,
              FbAlertKind  kind)
{
  g_autofree char *key = g_strconcat ("alert-", fb_alert_kind_to_string (kind), NULL);

  return self->settings == NULL || g_settings_get_boolean (self->settings, key);
}

/* -- delivery -- */

static FbWindow *
main_window (FbAlerts *self)
{
  GtkWindow *window = gtk_application_get_active_window (self->app);

  /* The active one may be an order's window, or Preferences: the main window then. */
  if (FB_IS_WINDOW (window))
    return FB_WINDOW (window);
  for (GList *l = gtk_application_get_windows (self->app); l != NULL; l = l->next)
    if (FB_IS_WINDOW (l->data))
      return FB_WINDOW (l->data);
  return NULL;
}

static char *
feeder_name (FbAlerts   *self,
             const char *feeder_id)
{
  FbFeeder *feeder = self->session != NULL && feeder_id != NULL
                     ? fb_feeder_store_lookup (fb_session_get_feeders (self->session), feeder_id) : NULL;

  return feeder != NULL ? fb_feeder_dup_display_name (feeder) : g_strdup (_("A feeder"));
}

/* The words and the action of @alert. */
static void
describe (FbAlerts       *self,
          const FbAlert  *alert,
          char          **title,
          char          **body,
          const char    **action,
          GVariant      **target)
{
  guint minutes = self->settings != NULL ? g_settings_get_uint (self->settings, "stuck-after-minutes") : 10;
  g_autofree char *name = NULL;

  *target = NULL;
  switch (alert->kind)
    {
    case FB_ALERT_ORDER_STUCK:
      /* One named order; a burst, or past the held orders' bound (no name), in numbers. */
      if (alert->count == 1 && alert->subject != NULL)
        {
          *title = g_strdup (_("Order stuck"));
          /* Translators: an order id, its status, and the stuck threshold in minutes. */
          *body = g_strdup_printf (_("Order %s has been “%s” for over %u minutes"), alert->subject,
                                   fb_order_status_label (alert->detail), minutes);
          *action = "app.show-order";
          *target = g_variant_new_string (alert->subject);
        }
      else
        {
          *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order got stuck in the last minute",
                                                 "%u orders got stuck in the last minute", alert->count),
                                    alert->count);
          *body = g_strdup_printf (_("Not updated for over %u minutes. The overview lists them."), minutes);
          *action = "app.show-overview";
        }
      break;
    case FB_ALERT_ORDER_CANCELLED:
      if (alert->count == 1 && alert->subject != NULL)
        {
          *title = g_strdup (_("Order cancelled"));
          *body = g_strdup_printf (_("Order %s was cancelled"), alert->subject);
          *action = "app.show-order";
          *target = g_variant_new_string (alert->subject);
        }
      else
        {
          *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order cancelled in the last minute",
                                                 "%u orders cancelled in the last minute", alert->count),
                                    alert->count);
          *body = g_strdup (_("They are in the orders list."));
          *action = "app.show-orders-with-status";
          *target = g_variant_new_string ("CANCELLED");
        }
      break;
    case FB_ALERT_FEEDER_LOW:
      name = feeder_name (self, alert->subject);
      if (alert->count == 1)
        /* Translators: a feeder's name, e.g. "Kitchen is low on food". */
        *title = g_strdup_printf (_("%s is low on food"), name);
      else
        *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feeder ran low on food in the last minute",
                                               "%u feeders ran low on food in the last minute", alert->count),
                                  alert->count);
      /* Translators: a feeder's food level in percent, e.g. "15 % left". */
      *body = alert->count == 1 ? g_strdup_printf (_("%s %% left"), alert->detail)
                                : g_strdup_printf (_("The last one: %s, %s %% left"), name, alert->detail);
      *action = "app.show-feeder";
      *target = g_variant_new_string (alert->subject);
      break;
    case FB_ALERT_FEEDER_SILENT:
      name = feeder_name (self, alert->subject);
      if (alert->count == 1)
        *title = g_strdup_printf (_("%s is silent"), name);
      else
        *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feeder went silent in the last minute",
                                               "%u feeders went silent in the last minute", alert->count),
                                  alert->count);
      *body = g_strdup (_("Not heard from for 5 minutes"));
      *action = "app.show-feeder";
      *target = g_variant_new_string (alert->subject);
      break;
    case FB_ALERT_CONNECTION_LOST:
    case FB_ALERT_N_KINDS:
    default:
      *title = g_strdup (_("Connection lost"));
      *body = g_strdup (_("No connection for over a minute. Feedboard keeps trying."));
      *action = "app.show-connection";
      break;
    }
}

static void
deliver (FbAlerts      *self,
         const FbAlert *alert)
{
  FbWindow *window = main_window (self);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *action = NULL;
  GVariant *target = NULL;

  describe (self, alert, &title, &body, &action, &target);
  g_debug ("alert %s ×%u: %s — %s", fb_alert_kind_to_string (alert->kind), alert->count, title, body);

  if (window != NULL && gtk_window_is_active (GTK_WINDOW (window)))
    {
      /* In the window's own bar, not a toast: toasts queue, and an alert would hold back the
         answer to what the person just did (a feed's outcome). */
      g_autofree char *text = g_strdup_printf ("%s: %s", title, body);

      fb_window_show_alert (window, text, action, target);
    }
  else
    {
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, body);
      g_notification_set_default_action_and_target_value (notification, action, target);
      if (alert->kind == FB_ALERT_CONNECTION_LOST)
        g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      /* One id per kind: a new one replaces the last of its kind instead of piling up. */
      g_application_send_notification (G_APPLICATION (self->app), fb_alert_kind_to_string (alert->kind),
                                       notification);
    }
  if (target != NULL && g_variant_is_floating (target))
    g_variant_unref (g_variant_ref_sink (target));
}

static void fb_alerts_schedule_flush (FbAlerts *self);

static gboolean
flush_cb (gpointer data)
{
  FbAlerts *self = data;
  g_autoptr(GPtrArray) due = NULL;

  self->flush_id = 0;
  due = fb_alert_limiter_flush (self->limiter, g_get_real_time ());
  for (guint i = 0; i < due->len; i++)
    deliver (self, g_ptr_array_index (due, i));
  fb_alerts_schedule_flush (self);
  return G_SOURCE_REMOVE;
}

static void
fb_alerts_schedule_flush (FbAlerts *self)
{
  gint64 due = fb_alert_limiter_next_due (self->limiter);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (due != 0)
    self->flush_id = g_timeout_add (MAX (0, (due - g_get_real_time ()) / 1000) + 1, flush_cb, self);
}

static void
raise_alert (FbAlerts    *self,
             FbAlertKind  kind,
             const char  *subject,
             const char  *detail)
{
  g_autoptr(FbAlert) alert = NULL;

  if (!kind_enabled (self, kind))
    return;
  alert = fb_alert_limiter_raise (self->limiter, kind, subject, detail, g_get_real_time ());
  if (alert != NULL)
    deliver (self, alert);
  else if (self->flush_id == 0)
    fb_alerts_schedule_flush (self);
}

/* -- what raises them -- */

static void
fb_alerts_overview_changed_cb (FbAlerts *self)
{
  guint n_more = 0;
  g_autoptr(GPtrArray) cancelled = fb_order_overview_take_newly_cancelled (self->overview, &n_more);
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < cancelled->len; i++)
    {
      FbCancelledOrder *order = g_ptr_array_index (cancelled, i);

      if (now - order->at < RECENT)
        raise_alert (self, FB_ALERT_ORDER_CANCELLED, order->order_id, NULL);
    }
  for (guint i = 0; i < n_more; i++)
    raise_alert (self, FB_ALERT_ORDER_CANCELLED, NULL, NULL);
}

static void
check_stuck (FbAlerts *self,
             gint64    now)
{
  g_autoptr(GPtrArray) stuck_orders = NULL;
  g_autoptr(GHashTable) still = NULL;
  guint minutes;

  if (self->overview == NULL)
    return;
  minutes = self->settings != NULL ? g_settings_get_uint (self->settings, "stuck-after-minutes") : 10;
  /* An order not updated for over a day has expired at the backend: listed, but no news. */
  stuck_orders = fb_order_overview_list_stuck (self->overview, now, (gint64) minutes * 60 * G_USEC_PER_SEC,
                                               now - EXPIRED, MAX_STUCK_CHECKED);
  still = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < stuck_orders->len; i++)
    {
      FbStuckOrder *stuck = g_ptr_array_index (stuck_orders, i);

      if (!g_hash_table_contains (self->stuck, stuck->order_id))
        raise_alert (self, FB_ALERT_ORDER_STUCK, stuck->order_id, stuck->status);
      g_hash_table_add (still, g_strdup (stuck->order_id));
    }
  /* One that moved on and gets stuck again is news again. */
  g_hash_table_unref (self->stuck);
  self->stuck = g_steal_pointer (&still);
}

static void
check_feeders (FbAlerts *self,
               gint64    now)
{
  GListModel *feeders = G_LIST_MODEL (fb_session_get_feeders (self->session));
  guint level = self->settings != NULL ? g_settings_get_uint (self->settings, "alert-feeder-low-level") : 20;

  for (guint i = 0; i < g_list_model_get_n_items (feeders); i++)
    {
      g_autoptr(FbFeeder) feeder = g_list_model_get_item (feeders, i);
      const char *id = fb_feeder_get_id (feeder);
      int food = fb_feeder_get_food_capacity (feeder);
      gint64 seen = fb_feeder_get_last_seen (feeder);

      if (food >= 0 && food < (int) level)
        {
          if (!g_hash_table_contains (self->low, id))
            {
              g_autofree char *percent = g_strdup_printf ("%d", food);

              raise_alert (self, FB_ALERT_FEEDER_LOW, id, percent);
              g_hash_table_add (self->low, g_strdup (id));
            }
        }
      else
        g_hash_table_remove (self->low, id);

      if (seen > 0 && now - seen > 5 * self->minute)
        {
          if (!g_hash_table_contains (self->silent, id))
            {
              raise_alert (self, FB_ALERT_FEEDER_SILENT, id, NULL);
              g_hash_table_add (self->silent, g_strdup (id));
            }
        }
      else
        g_hash_table_remove (self->silent, id);
    }
}

static void
check_connection (FbAlerts *self,
                  gint64    now)
{
  if (self->lost_since != 0 && !self->lost_reported && now - self->lost_since > self->minute)
    {
      self->lost_reported = TRUE;
      raise_alert (self, FB_ALERT_CONNECTION_LOST, NULL, NULL);
    }
}

static void
fb_alerts_tick_cb (FbAlerts      *self,
                   FbSecondClock *clock)
{
  gint64 now = g_get_real_time ();

  g_assert (FB_IS_ALERTS (self));

  if (self->session == NULL)
    return;
  check_stuck (self, now);
  check_feeders (self, now);
  check_connection (self, now);
}

static void
fb_alerts_client_state_cb (FbAlerts *self)
{
  FbMqttState state = self->client != NULL ? fb_mqtt_client_get_state (self->client) : FB_MQTT_STATE_DISCONNECTED;

  if (state == FB_MQTT_STATE_CONNECTED)
    {
      self->was_connected = TRUE;
      self->lost_since = 0;
      self->lost_reported = FALSE;
    }
  else if (self->was_connected && self->lost_since == 0)
    self->lost_since = g_get_real_time ();
}

static void
fb_alerts_session_client_cb (FbAlerts *self)
{
  FbMqttClient *client = fb_session_get_client (self->session);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  /* A new connection: what was lost or held is no longer news. */
  self->was_connected = FALSE;
  self->lost_since = 0;
  self->lost_reported = FALSE;
  if (client != NULL)
    g_signal_connect_object (client, "notify::state", G_CALLBACK (fb_alerts_client_state_cb), self, G_CONNECT_SWAPPED);
  fb_alerts_client_state_cb (self);
}

void
fb_alerts_set_session (FbAlerts  *self,
                       FbSession *session)
{
  g_return_if_fail (FB_IS_ALERTS (self));
  g_return_if_fail (session == NULL || FB_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->overview != NULL)
    g_signal_handlers_disconnect_by_data (self->overview, self);
  g_set_object (&self->session, session);
  g_clear_object (&self->overview);
  if (session != NULL)
    self->overview = g_object_ref (fb_session_get_overview (session));
  if (self->overview != NULL)
    g_signal_connect_object (self->overview, "changed", G_CALLBACK (fb_alerts_overview_changed_cb), self, G_CONNECT_SWAPPED);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::client", G_CALLBACK (fb_alerts_session_client_cb), self, G_CONNECT_SWAPPED);
      fb_alerts_session_client_cb (self);
    }
}

/* -- what activating one opens -- */

static FbWindow *
present_window (FbAlerts *self)
{
  FbWindow *window = main_window (self);

  if (window != NULL)
    gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* app.show-order(s), app.show-orders-with-status(s), app.show-overview, app.show-feeder(s),
   app.show-connection: the window presented, then what the alert was about. */
static void
show_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FbWindow *window = present_window (user_data);
  const char *name = g_action_get_name (G_ACTION (action));
  const char *target = parameter != NULL ? g_variant_get_string (parameter, NULL) : NULL;

  if (window == NULL)
    return;
  if (g_str_equal (name, "show-order"))
    fb_window_show_order (window, target);
  else if (g_str_equal (name, "show-orders-with-status"))
    fb_window_show_orders_with_status (window, target);
  else if (g_str_equal (name, "show-feeder"))
    fb_window_show_feeder (window, target);
  else if (g_str_equal (name, "show-connection"))
    fb_window_show_connection (window);
  else
    fb_window_show_overview (window);
}

static const GActionEntry actions[] = {
  { "show-order", show_action, "s" },
  { "show-orders-with-status", show_action, "s" },
  { "show-overview", show_action },
  { "show-feeder", show_action, "s" },
  { "show-connection", show_action },
};

/* -- GObject -- */

static void
fb_alerts_dispose (GObject *object)
{
  FbAlerts *self = FB_ALERTS (object);

  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->clock);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  fb_alerts_set_session (self, NULL);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->limiter);
  g_clear_pointer (&self->stuck, g_hash_table_unref);
  g_clear_pointer (&self->low, g_hash_table_unref);
  g_clear_pointer (&self->silent, g_hash_table_unref);

  G_OBJECT_CLASS (fb_alerts_parent_class)->dispose (object);
}

static void
fb_alerts_class_init (FbAlertsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = fb_alerts_dispose;
}

static void
fb_alerts_init (FbAlerts *self)
{
  const char *minute_ms = g_getenv ("FB_ALERTS_MINUTE_MS");

  /* Tests shorten the minute (the rate limit, the 5 minutes of a silent feeder, the minute the
     connection may be down); nothing else reads it. */
  self->minute = 60 * G_USEC_PER_SEC;
  if (minute_ms != NULL && g_ascii_strtoll (minute_ms, NULL, 10) > 0)
    self->minute = g_ascii_strtoll (minute_ms, NULL, 10) * 1000;
  self->limiter = fb_alert_limiter_new (self->minute);
  self->settings = fb_settings_new_if_installed ();
  self->stuck = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->low = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->silent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->clock = fb_second_clock_dup_default ();
  g_signal_connect_object (self->clock, "tick", G_CALLBACK (fb_alerts_tick_cb), self, G_CONNECT_SWAPPED);
}

FbAlerts *
fb_alerts_new (GtkApplication *app)
{
  FbAlerts *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (app), NULL);

  self = g_object_new (FB_TYPE_ALERTS, NULL);
  self->app = app;
  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), self);
  return self;
}
