/* fb-connection-indicator.c: the header bar's connection state. Words first (a person reads
   "Reconnecting in 7 s"), colour second (.connection-* classes), the reason and the next retry
   time in a popover and the tooltip, with Reconnect Now (win.reconnect) while not connected, and
   how many messages were ignored and why the last one was (the session's n-refused and
   last-refusal, set by the window). */
#define G_LOG_DOMAIN "fb-connection-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-connection-indicator.h"
#include "fb-second-clock.h"

struct _FbConnectionIndicator
{
  GtkWidget      parent_instance;

  GtkMenuButton *button;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkLabel      *title_label;
  GtkLabel      *reason_label;
  GtkLabel      *retry_label;
  GtkWidget     *reconnect_button;
  GtkWidget     *refused_box;
  GtkLabel      *refused_label;
  GtkLabel      *refusal_label;

  FbMqttClient  *client;
  guint64        n_refused;
  char          *last_refusal;
  gulong         notify_id;
  FbSecondClock *clock;          /* held while counting down */
  gulong         countdown_id;
  const char    *css_class;
  char          *text;
};

G_DEFINE_FINAL_TYPE (FbConnectionIndicator, fb_connection_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fb_connection_indicator_update (FbConnectionIndicator *self);

static void
fb_connection_indicator_tick_cb (FbConnectionIndicator *self,
                                 FbSecondClock         *clock)
{
  g_assert (FB_IS_CONNECTION_INDICATOR (self));

  fb_connection_indicator_update (self);
}

static void
fb_connection_indicator_stop_countdown (FbConnectionIndicator *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->countdown_id, self->clock);
  g_clear_object (&self->clock);
}

static char *
format_clock (gint64 real_time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (real_time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%X") : g_strdup ("");
}


#define TOOLTIP_WIDTH_CHARS 60

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
fb_connection_indicator_update (FbConnectionIndicator *self)
{
  FbMqttState state = FB_MQTT_STATE_DISCONNECTED;
  const char *reason = NULL;
  const char *icon_name;
  const char *css_class;
  gint64 retry_at = 0;
  g_autofree char *text = NULL;
  g_autofree char *retry_text = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *wrapped_reason = NULL;
  gboolean counting = FALSE;

  g_assert (FB_IS_CONNECTION_INDICATOR (self));

  if (self->client != NULL)
    {
      state = fb_mqtt_client_get_state (self->client);
      reason = fb_mqtt_client_get_state_reason (self->client);
      retry_at = fb_mqtt_client_get_retry_at (self->client);
    }
  else
    reason = _("No broker is configured. Start with --broker URL, or try the demo with --demo.");

  switch (state)
    {
    case FB_MQTT_STATE_CONNECTED:
      text = g_strdup (_("Connected"));
      icon_name = "network-transmit-receive-symbolic";
      css_class = "connection-connected";
      break;

    case FB_MQTT_STATE_CONNECTING:
      text = g_strdup (_("Connecting…"));
      icon_name = "emblem-synchronizing-symbolic";
      css_class = "connection-connecting";
      break;

    case FB_MQTT_STATE_RECONNECTING:
      {
        gint64 now = g_get_real_time ();

        if (retry_at > now)
          {
            int seconds = (int) ((retry_at - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

            /* Translators: the next connection attempt is in that many seconds. */
            text = g_strdup_printf (_("Reconnecting in %d s"), seconds);
            counting = TRUE;
          }
        else
          text = g_strdup (_("Reconnecting…"));
        icon_name = "network-error-symbolic";
        css_class = "connection-disconnected";
      }
      break;

    case FB_MQTT_STATE_FAILED:
      text = g_strdup (_("Failed"));
      icon_name = "network-error-symbolic";
      css_class = "connection-failed";
      break;

    case FB_MQTT_STATE_DISCONNECTED:
    default:
      text = g_strdup (_("Disconnected"));
      icon_name = "network-offline-symbolic";
      css_class = "connection-disconnected";
      break;
    }

  if (retry_at > 0 && state != FB_MQTT_STATE_CONNECTED)
    {
      g_autofree char *clock = format_clock (retry_at);

      /* Translators: %s is a local time such as 14:03:07. */
      retry_text = g_strdup_printf (_("Next attempt at %s"), clock);
    }

  if (self->css_class != css_class)
    {
      if (self->css_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self->button), self->css_class);
      gtk_widget_add_css_class (GTK_WIDGET (self->button), css_class);
      self->css_class = css_class;
    }

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_label_set_label (self->label, text);
  gtk_label_set_label (self->title_label, text);
  gtk_label_set_label (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL && *reason != '\0');
  gtk_label_set_label (self->retry_label, retry_text != NULL ? retry_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->retry_label), retry_text != NULL);
  gtk_widget_set_visible (self->reconnect_button,
                          self->client != NULL && (state == FB_MQTT_STATE_RECONNECTING || state == FB_MQTT_STATE_FAILED));

  wrapped_reason = reason != NULL && *reason != '\0' ? wrap_words (reason, TOOLTIP_WIDTH_CHARS) : NULL;
  tooltip = g_strjoin ("\n", text,
                       wrapped_reason != NULL ? wrapped_reason : (retry_text != NULL ? retry_text : NULL),
                       wrapped_reason != NULL ? retry_text : NULL,
                       NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);

  if (g_strcmp0 (self->text, text) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
      g_free (self->text);
      self->text = g_steal_pointer (&text);
    }

  if (counting && self->clock == NULL)
    {
      self->clock = fb_second_clock_dup_default ();
      self->countdown_id = g_signal_connect_object (self->clock, "tick",
                                                    G_CALLBACK (fb_connection_indicator_tick_cb), self,
                                                    G_CONNECT_SWAPPED);
    }
  else if (!counting)
    fb_connection_indicator_stop_countdown (self);
}

static void
fb_connection_indicator_update_refused (FbConnectionIndicator *self)
{
  g_autofree char *count = NULL;

  g_assert (FB_IS_CONNECTION_INDICATOR (self));

  /* Translators: messages received but not shown (malformed, too large…); the reason follows. */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " message ignored",
                                        "%" G_GUINT64_FORMAT " messages ignored", self->n_refused),
                           self->n_refused);
  gtk_label_set_label (self->refused_label, count);
  /* Plain text (never markup): the reason quotes the topic as it came. */
  gtk_label_set_label (self->refusal_label, self->last_refusal != NULL ? self->last_refusal : "");
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), self->last_refusal != NULL);
  gtk_widget_set_visible (self->refused_box, self->n_refused > 0);
}

void
fb_connection_indicator_set_refused (FbConnectionIndicator *self,
                                     guint64                n_refused,
                                     const char            *last_refusal)
{
  g_return_if_fail (FB_IS_CONNECTION_INDICATOR (self));

  self->n_refused = n_refused;
  if (g_strcmp0 (self->last_refusal, last_refusal) != 0)
    {
      g_free (self->last_refusal);
      self->last_refusal = g_strdup (last_refusal);
    }
  fb_connection_indicator_update_refused (self);
}

static void
on_client_notify (FbConnectionIndicator *self,
                  GParamSpec            *pspec,
                  FbMqttClient          *client)
{
  fb_connection_indicator_update (self);
}

GtkWidget *
fb_connection_indicator_new (void)
{
  return g_object_new (FB_TYPE_CONNECTION_INDICATOR, NULL);
}

FbMqttClient *
fb_connection_indicator_get_client (FbConnectionIndicator *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_INDICATOR (self), NULL);

  return self->client;
}

const char *
fb_connection_indicator_get_text (FbConnectionIndicator *self)
{
  g_return_val_if_fail (FB_IS_CONNECTION_INDICATOR (self), NULL);

  return self->text;
}

void
fb_connection_indicator_set_client (FbConnectionIndicator *self,
                                    FbMqttClient          *client)
{
  g_return_if_fail (FB_IS_CONNECTION_INDICATOR (self));
  g_return_if_fail (client == NULL || FB_IS_MQTT_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_clear_signal_handler (&self->notify_id, self->client);
  g_set_object (&self->client, client);
  /* state, state-reason and retry-at all change what is shown. */
  if (client != NULL)
    self->notify_id = g_signal_connect_object (client, "notify",
                                               G_CALLBACK (on_client_notify), self,
                                               G_CONNECT_SWAPPED);

  fb_connection_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
fb_connection_indicator_dispose (GObject *object)
{
  FbConnectionIndicator *self = FB_CONNECTION_INDICATOR (object);

  fb_connection_indicator_stop_countdown (self);
  if (self->client != NULL)
    g_clear_signal_handler (&self->notify_id, self->client);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_CONNECTION_INDICATOR);

  G_OBJECT_CLASS (fb_connection_indicator_parent_class)->dispose (object);
}

void
fb_connection_indicator_popup (FbConnectionIndicator *self)
{
  g_return_if_fail (FB_IS_CONNECTION_INDICATOR (self));

  gtk_menu_button_popup (self->button);
}

static void
fb_connection_indicator_finalize (GObject *object)
{
  FbConnectionIndicator *self = FB_CONNECTION_INDICATOR (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->last_refusal, g_free);

  G_OBJECT_CLASS (fb_connection_indicator_parent_class)->finalize (object);
}

static void
fb_connection_indicator_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FbConnectionIndicator *self = FB_CONNECTION_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
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
    case PROP_CLIENT:
      fb_connection_indicator_set_client (self, g_value_get_object (value));
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

  object_class->dispose = fb_connection_indicator_dispose;
  object_class->finalize = fb_connection_indicator_finalize;
  object_class->get_property = fb_connection_indicator_get_property;
  object_class->set_property = fb_connection_indicator_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, FB_TYPE_MQTT_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-connection-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, reason_label);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, retry_label);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, refused_box);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, refused_label);
  gtk_widget_class_bind_template_child (widget_class, FbConnectionIndicator, refusal_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-connection-indicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_connection_indicator_init (FbConnectionIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fb_connection_indicator_update (self);
}
