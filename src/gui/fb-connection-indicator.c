/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connection-indicator.c: the header bar's connection state. Words first (a person reads
   "Reconnecting in 7 s"), colour second (.connection-* classes); in the popover which connection
   it is (name, server, region, client id, topics), since when, the messages received, the last
   refusal in words, Reconnect Now (win.reconnect) and Edit Connection (app.edit-connection).

   The view state is a set of properties, each computed by a small function from the session and
   its client and notified only when it changed; fb-connection-indicator.ui binds the labels,
   the icon and the buttons to them. */
#define G_LOG_DOMAIN "fb-connection-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-connection-indicator.h"
#include "fb-format.h"
#include "fb-second-clock.h"

#define TOOLTIP_WIDTH_CHARS 60

enum {
  PROP_0,
  PROP_SESSION,
  /* strings, read-only, in this order in self->text[] */
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_REASON,
  PROP_RETRY_TEXT,
  PROP_CONNECTION_NAME,
  PROP_SERVER,
  PROP_REGION,
  PROP_CLIENT_ID,
  PROP_TOPICS,
  PROP_SINCE,
  PROP_MESSAGES,
  PROP_REFUSED,
  N_TEXT_PROPS,
  PROP_CAN_RECONNECT = N_TEXT_PROPS,
  PROP_CAN_EDIT,
  PROP_N_REFUSED,
  PROP_LAST_REFUSAL,
  N_PROPS
};

#define FIRST_TEXT_PROP PROP_TITLE

struct _FbConnectionIndicator
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;

  FbSession     *session;
  FbMqttClient  *client;          /* the session's, watched */
  char          *text[N_TEXT_PROPS - FIRST_TEXT_PROP];
  gboolean       can_reconnect;
  gboolean       can_edit;
  guint64        n_refused;
  char          *last_refusal;

  gboolean       left_start;      /* this client has connected or failed once: no more "Connecting…" */
  gboolean       since_connected;
  gint64         since;           /* when the client became connected, or stopped being so */
  FbSecondClock *clock;           /* held while counting down */
  gulong         countdown_id;
  const char    *css_class;
};

G_DEFINE_FINAL_TYPE (FbConnectionIndicator, fb_connection_indicator, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void fb_connection_indicator_update_state (FbConnectionIndicator *self);

/* -- properties: set, and notify only a change -- */

static void
set_text (FbConnectionIndicator *self,
          guint                  prop_id,
          const char            *value)
{
  char **field = &self->text[prop_id - FIRST_TEXT_PROP];

  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_take_text (FbConnectionIndicator *self,
               guint                  prop_id,
               char                  *value)
{
  set_text (self, prop_id, value);
  g_free (value);
}

static void
set_flag (FbConnectionIndicator *self,
          gboolean              *field,
          guint                  prop_id,
          gboolean               value)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* For the template's bindings: show a row only when its value is set. */
static gboolean
fb_connection_indicator_is_set_cb (gpointer    this,
                                   const char *text)
{
  return text != NULL && *text != '\0';
}

/* -- the countdown -- */

static void
fb_connection_indicator_tick_cb (FbConnectionIndicator *self,
                                 FbSecondClock         *clock)
{
  g_assert (FB_IS_CONNECTION_INDICATOR (self));

  fb_connection_indicator_update_state (self);
}

static void
fb_connection_indicator_count_down (FbConnectionIndicator *self,
                                    gboolean               counting)
{
  if (counting && self->clock == NULL)
    {
      self->clock = fb_second_clock_dup_default ();
      self->countdown_id = g_signal_connect_object (self->clock, "tick", G_CALLBACK (fb_connection_indicator_tick_cb),
                                                    self, G_CONNECT_SWAPPED);
    }
  else if (!counting && self->clock != NULL)
    {
      g_clear_signal_handler (&self->countdown_id, self->clock);
      g_clear_object (&self->clock);
    }
}

/* -- the state: title, icon, colour, reason, the next attempt -- */

/* Tooltips do not wrap on their own, and a diagnosis is a sentence or two. */
static char *
wrap_words (const char *text,
            guint       width)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  GString *out = g_string_new (NULL);
  guint line = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint len = g_utf8_strlen (words[i], -1);

      if (line > 0 && line + 1 + len > width)
        {
          g_string_append_c (out, '\n');
          line = 0;
        }
      else if (line > 0)
        {
          g_string_append_c (out, ' ');
          line++;
        }
      g_string_append (out, words[i]);
      line += len;
    }
  return g_string_free (out, FALSE);
}

static void
fb_connection_indicator_set_css_class (FbConnectionIndicator *self,
                                       const char            *css_class)
{
  if (self->css_class == css_class)
    return;
  if (self->css_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->button), self->css_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), css_class);
  self->css_class = css_class;
}

/* Words, icon and colour for the client's state. A client that has neither connected nor failed
   yet is "Connecting…", whatever Paho calls it: no red before anything went wrong. */
static char *
describe_state (FbConnectionIndicator *self,
                const char           **icon_name,
                const char           **css_class,
                gboolean              *counting)
{
  FbMqttState state = self->client != NULL ? fb_mqtt_client_get_state (self->client) : FB_MQTT_STATE_DISCONNECTED;
  gint64 retry_at = self->client != NULL ? fb_mqtt_client_get_retry_at (self->client) : 0;
  gint64 now = g_get_real_time ();
  const char *problem = self->session != NULL ? fb_session_get_connection_problem (self->session) : NULL;

  *counting = FALSE;
  if (self->client == NULL && problem != NULL)
    state = FB_MQTT_STATE_FAILED;
  else if (!self->left_start && state != FB_MQTT_STATE_CONNECTED)
    state = FB_MQTT_STATE_CONNECTING;
  /* A new attempt after a failure: still failing, as far as anyone knows. */
  else if (state == FB_MQTT_STATE_CONNECTING || state == FB_MQTT_STATE_DISCONNECTED)
    state = FB_MQTT_STATE_RECONNECTING;

  switch (state)
    {
    case FB_MQTT_STATE_CONNECTED:
      *icon_name = "network-transmit-receive-symbolic";
      *css_class = "connection-connected";
      return g_strdup (_("Connected"));

    case FB_MQTT_STATE_CONNECTING:
      *icon_name = "view-refresh-symbolic";
      *css_class = "connection-connecting";
      return g_strdup (_("Connecting…"));

    case FB_MQTT_STATE_RECONNECTING:
      *icon_name = "network-error-symbolic";
      *css_class = "connection-disconnected";
      if (retry_at > now)
        {
          *counting = TRUE;
          /* Translators: the next connection attempt is in that many seconds. */
          return g_strdup_printf (_("Reconnecting in %d s"), (int) ((retry_at - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
        }
      return g_strdup (_("Reconnecting…"));

    case FB_MQTT_STATE_FAILED:
      *icon_name = "network-error-symbolic";
      *css_class = "connection-failed";
      return g_strdup (_("Can’t Connect"));

    case FB_MQTT_STATE_DISCONNECTED:
    default:
      *icon_name = "network-offline-symbolic";
      *css_class = "connection-disconnected";
      return g_strdup (_("Disconnected"));
    }
}

static void
fb_connection_indicator_update_state (FbConnectionIndicator *self)
{
  const char *icon_name, *css_class, *reason = NULL;
  g_autofree char *title = NULL;
  g_autofree char *retry = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *tooltip = NULL;
  gint64 retry_at = 0;
  gboolean counting;
  FbMqttState state = FB_MQTT_STATE_DISCONNECTED;

  g_assert (FB_IS_CONNECTION_INDICATOR (self));

  title = describe_state (self, &icon_name, &css_class, &counting);
  if (self->client != NULL)
    {
      state = fb_mqtt_client_get_state (self->client);
      reason = fb_mqtt_client_get_state_reason (self->client);
      retry_at = fb_mqtt_client_get_retry_at (self->client);
    }
  else if (self->session != NULL)
    reason = fb_session_get_connection_problem (self->session);
  if (retry_at > 0 && state != FB_MQTT_STATE_CONNECTED)
    {
      g_autofree char *clock = fb_format_local_time (retry_at, g_get_real_time (), FALSE);

      /* Translators: %s is a local time such as 14:03:07. */
      retry = g_strdup_printf (_("Next attempt at %s"), clock);
    }

  set_text (self, PROP_TITLE, title);
  set_text (self, PROP_ICON_NAME, icon_name);
  set_text (self, PROP_REASON, reason);
  set_text (self, PROP_RETRY_TEXT, retry);
  fb_connection_indicator_set_css_class (self, css_class);
  /* Failing: it failed once and is not connected now (between attempts, or in one). */
  set_flag (self, &self->can_reconnect, PROP_CAN_RECONNECT,
            (self->client != NULL && self->left_start && state != FB_MQTT_STATE_CONNECTED)
            || (self->client == NULL && reason != NULL));

  wrapped = reason != NULL && *reason != '\0' ? wrap_words (reason, TOOLTIP_WIDTH_CHARS) : NULL;
  tooltip = g_strjoin ("\n", title, wrapped != NULL ? wrapped : retry, wrapped != NULL ? retry : NULL, NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  fb_connection_indicator_count_down (self, counting);
}

/* -- since when, and what came -- */

static void
fb_connection_indicator_update_since (FbConnectionIndicator *self)
{
  FbMqttState state = self->client != NULL ? fb_mqtt_client_get_state (self->client) : FB_MQTT_STATE_DISCONNECTED;

  if (self->client == NULL)
    {
      set_text (self, PROP_SINCE, NULL);
      return;
    }
  /* Connected once, or failed once (a reason is a diagnosed failure, before Paho says so). */
  if (state == FB_MQTT_STATE_CONNECTED || state == FB_MQTT_STATE_RECONNECTING || state == FB_MQTT_STATE_FAILED
      || fb_mqtt_client_get_state_reason (self->client) != NULL)
    self->left_start = TRUE;
  /* Connected since, or not connected since (attempts come and go meanwhile). */
  if (self->since == 0 || self->since_connected != (state == FB_MQTT_STATE_CONNECTED))
    {
      self->since_connected = state == FB_MQTT_STATE_CONNECTED;
      self->since = g_get_real_time ();
    }
  set_take_text (self, PROP_SINCE, fb_format_local_time (self->since, g_get_real_time (), FALSE));
}

static void
fb_connection_indicator_update_messages_cb (FbConnectionIndicator *self)
{
  guint64 n = self->session != NULL ? fb_session_get_messages_received (self->session) : 0;

  if (self->client == NULL)
    {
      set_text (self, PROP_MESSAGES, NULL);
      return;
    }
  {
    /* xgettext cannot read G_GUINT64_FORMAT in a msgid: the number is formatted first. */
    g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, n);

    /* Translators: MQTT messages received on this connection; %s is their number */
    set_take_text (self, PROP_MESSAGES, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s received", "%s received", n),
                                                         number));
  }
}

static void
fb_connection_indicator_update_refused (FbConnectionIndicator *self)
{
  if (self->n_refused == 0)
    {
      set_text (self, PROP_REFUSED, NULL);
      return;
    }
  {
    g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_refused);

    /* Translators: messages received but not shown (malformed, too large…); the reason follows. */
    set_take_text (self, PROP_REFUSED, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s message ignored",
                                                                     "%s messages ignored", self->n_refused),
                                                        number));
  }
}

/* -- which connection -- */

static void
fb_connection_indicator_update_details (FbConnectionIndicator *self)
{
  FbConnectionProfile *profile = self->session != NULL ? fb_session_get_profile (self->session) : NULL;
  g_auto(GStrv) topics = self->session != NULL ? fb_session_dup_topics (self->session) : NULL;

  if (profile != NULL)
    set_text (self, PROP_CONNECTION_NAME, fb_connection_profile_get_name (profile));
  else if (self->session != NULL && fb_session_is_demo (self->session))
    set_text (self, PROP_CONNECTION_NAME, _("Demo backend"));
  else if (self->session != NULL && fb_session_has_connection (self->session))
    /* Translators: a connection given with --broker or --endpoint, not a saved one */
    set_text (self, PROP_CONNECTION_NAME, _("From the command line"));
  else
    set_text (self, PROP_CONNECTION_NAME, NULL);

  set_take_text (self, PROP_SERVER, self->client != NULL ? fb_mqtt_client_describe_server (self->client) : NULL);
  set_text (self, PROP_REGION, self->client != NULL ? fb_mqtt_client_get_region (self->client) : NULL);
  set_text (self, PROP_CLIENT_ID, self->client != NULL ? fb_mqtt_client_get_client_id (self->client) : NULL);
  set_take_text (self, PROP_TOPICS, topics != NULL ? g_strjoinv (", ", topics) : NULL);
  set_flag (self, &self->can_edit, PROP_CAN_EDIT, profile != NULL);
}

/* -- following the session and its client -- */

static void
fb_connection_indicator_client_notify_cb (FbConnectionIndicator *self,
                                          GParamSpec            *pspec,
                                          FbMqttClient          *client)
{
  g_object_freeze_notify (G_OBJECT (self));
  fb_connection_indicator_update_since (self);
  fb_connection_indicator_update_state (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
fb_connection_indicator_session_client_cb (FbConnectionIndicator *self)
{
  FbMqttClient *client = self->session != NULL ? fb_session_get_client (self->session) : NULL;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  self->left_start = FALSE;
  self->since = 0;
  /* state, state-reason and retry-at all change what is shown. */
  if (client != NULL)
    g_signal_connect_object (client, "notify", G_CALLBACK (fb_connection_indicator_client_notify_cb), self,
                             G_CONNECT_SWAPPED);

  g_object_freeze_notify (G_OBJECT (self));
  fb_connection_indicator_update_details (self);
  fb_connection_indicator_update_since (self);
  fb_connection_indicator_update_state (self);
  fb_connection_indicator_update_messages_cb (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
fb_connection_indicator_session_details_cb (FbConnectionIndicator *self)
{
  fb_connection_indicator_update_details (self);
  fb_connection_indicator_update_state (self);
}

void
fb_connection_indicator_set_session (FbConnectionIndicator *self,
                                     FbSession             *session)
{
  g_return_if_fail (FB_IS_CONNECTION_INDICATOR (self));
  g_return_if_fail (session == NULL || FB_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::client", G_CALLBACK (fb_connection_indicator_session_client_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::profile", G_CALLBACK (fb_connection_indicator_session_details_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::demo", G_CALLBACK (fb_connection_indicator_session_details_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::connection-problem",
                               G_CALLBACK (fb_connection_indicator_session_details_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::messages-received",
                               G_CALLBACK (fb_connection_indicator_update_messages_cb), self, G_CONNECT_SWAPPED);
    }
  fb_connection_indicator_session_client_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

FbSession *
fb_connection_indicator_get_session (FbConnectionIndicator *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_INDICATOR (self), NULL);
  return self->session;
}

const char *
fb_connection_indicator_get_text (FbConnectionIndicator *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_INDICATOR (self), NULL);
  return self->text[PROP_TITLE - FIRST_TEXT_PROP];
}

void
fb_connection_indicator_set_refused (FbConnectionIndicator *self,
                                     guint64                n_refused,
                                     const char            *last_refusal)
{
  g_return_if_fail (FB_IS_CONNECTION_INDICATOR (self));

  g_object_set (self, "n-refused", n_refused, "last-refusal", last_refusal, NULL);
}

void
fb_connection_indicator_popup (FbConnectionIndicator *self)
{
  g_return_if_fail (FB_IS_CONNECTION_INDICATOR (self));

  gtk_menu_button_popup (self->button);
}

/* Screen readers and the UI tests read the words as the indicator's description. */
static void
fb_connection_indicator_title_cb (FbConnectionIndicator *self)
{
  const char *title = fb_connection_indicator_get_text (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title, -1);
}

GtkWidget *
fb_connection_indicator_new (void)
{
  return g_object_new (FB_TYPE_CONNECTION_INDICATOR, NULL);
}

static void
fb_connection_indicator_dispose (GObject *object)
{
  FbConnectionIndicator *self = FB_CONNECTION_INDICATOR (object);

  fb_connection_indicator_count_down (self, FALSE);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_CONNECTION_INDICATOR);

  G_OBJECT_CLASS (fb_connection_indicator_parent_class)->dispose (object);
}

static void
fb_connection_indicator_finalize (GObject *object)
{
  FbConnectionIndicator *self = FB_CONNECTION_INDICATOR (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->text); i++)
    g_free (self->text[i]);
  g_free (self->last_refusal);

  G_OBJECT_CLASS (fb_connection_indicator_parent_class)->finalize (object);
}

static void
fb_connection_indicator_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FbConnectionIndicator *self = FB_CONNECTION_INDICATOR (object);

  if (prop_id >= FIRST_TEXT_PROP && prop_id < N_TEXT_PROPS)
    {
      g_value_set_string (value, self->text[prop_id - FIRST_TEXT_PROP]);
      return;
    }
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CAN_RECONNECT:
      g_value_set_boolean (value, self->can_reconnect);
      break;
    case PROP_CAN_EDIT:
      g_value_set_boolean (value, self->can_edit);
      break;
    case PROP_N_REFUSED:
      g_value_set_uint64 (value, self->n_refused);
      break;
    case PROP_LAST_REFUSAL:
      g_value_set_string (value, self->last_refusal);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_connection_indicator_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FbConnectionIndicator *self = FB_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fb_connection_indicator_set_session (self, g_value_get_object (value));
      break;
    case PROP_N_REFUSED:
      if (self->n_refused != g_value_get_uint64 (value))
        {
          self->n_refused = g_value_get_uint64 (value);
          g_object_notify_by_pspec (object, pspec);
          fb_connection_indicator_update_refused (self);
        }
      break;
    case PROP_LAST_REFUSAL:
      if (g_strcmp0 (self->last_refusal, g_value_get_string (value)) != 0)
        {
          g_free (self->last_refusal);
          self->last_refusal = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_connection_indicator_class_init (FbConnectionIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const text_names[] = {
    "title", "icon-name", "reason", "retry-text", "connection-name", "server", "region", "client-id", "topics",
    "since", "messages", "refused",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (text_names) == N_TEXT_PROPS - FIRST_TEXT_PROP);

  object_class->dispose = fb_connection_indicator_dispose;
  object_class->finalize = fb_connection_indicator_finalize;
  object_class->get_property = fb_connection_indicator_get_property;
  object_class->set_property = fb_connection_indicator_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  for (guint i = 0; i < G_N_ELEMENTS (text_names); i++)
    properties[FIRST_TEXT_PROP + i] =
      g_param_spec_string (text_names[i], NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RECONNECT] =
    g_param_spec_boolean ("can-reconnect", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_EDIT] =
    g_param_spec_boolean ("can-edit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Bound to the session's n-refused and last-refusal. */
  properties[PROP_N_REFUSED] =
    g_param_spec_uint64 ("n-refused", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_REFUSAL] =
    g_param_spec_string ("last-refusal", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-connection-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, button);
  gtk_widget_class_bind_template_callback (widget_class, fb_connection_indicator_is_set_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-connection-indicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_connection_indicator_init (FbConnectionIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::title", G_CALLBACK (fb_connection_indicator_title_cb), NULL);
  fb_connection_indicator_session_client_cb (self);
}
