/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-profile-editor-test.c: the connection form's Test Connection: it really connects and
   subscribes with a throwaway client (a client id of its own), and says in words what happened. */
#define G_LOG_DOMAIN "fb-profile-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-profile-editor-private.h"

void
fb_profile_editor_end_test (FbProfileEditor *self,
                            const char      *message,
                            gboolean         success)
{
  g_assert (FB_IS_PROFILE_EDITOR (self));

  g_clear_handle_id (&self->test_timeout_id, g_source_remove);
  if (self->test_client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->test_client, self);
      fb_mqtt_client_stop (self->test_client);
      g_clear_object (&self->test_client);
    }
  g_clear_object (&self->test_cancellable);

  gtk_spinner_stop (self->test_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  if (message == NULL)
    return;

  gtk_label_set_text (self->test_result, message);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result), success ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_result), success ? "success" : "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->test_result),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
  /* Back to the button, so the page scrolls the words below it into view. */
  gtk_widget_grab_focus (GTK_WIDGET (self->test_button));
}

static void
fb_profile_editor_test_state_cb (FbProfileEditor *self,
               GParamSpec      *pspec,
               FbMqttClient    *client)
{
  FbMqttState state = fb_mqtt_client_get_state (client);
  g_autofree char *server = fb_mqtt_client_describe_server (client);
  g_autofree char *message = NULL;

  if (state == FB_MQTT_STATE_CONNECTED && fb_mqtt_client_get_state_reason (client) != NULL)
    /* Connected, but a subscription was refused: the reason names the topic and the fix. */
    fb_profile_editor_end_test (self, fb_mqtt_client_get_state_reason (client), FALSE);
  else if (state == FB_MQTT_STATE_CONNECTED && fb_mqtt_client_get_subscribed (client))
    {
      message = g_strdup_printf (_("Connected to %s, and subscribed"), server);
      fb_profile_editor_end_test (self, message, TRUE);
    }
  else if (state == FB_MQTT_STATE_RECONNECTING || state == FB_MQTT_STATE_FAILED)
    {
      const char *reason = fb_mqtt_client_get_state_reason (client);

      message = g_strdup_printf (_("Could not connect to %s: %s"), server,
                                 reason != NULL ? reason : _("no reason given"));
      fb_profile_editor_end_test (self, message, FALSE);
    }
}

static gboolean
fb_profile_editor_test_timeout_cb (gpointer user_data)
{
  FbProfileEditor *self = user_data;
  g_autofree char *message = g_strdup_printf (_("No answer within %d seconds"), TEST_TIMEOUT_SECONDS);

  self->test_timeout_id = 0;
  fb_profile_editor_end_test (self, message, FALSE);
  return G_SOURCE_REMOVE;
}

static void
fb_profile_editor_run_test (FbProfileEditor *self,
                            FbMqttClient    *client)
{
  g_assert (FB_IS_PROFILE_EDITOR (self));

  self->test_client = g_object_ref (client);
  g_signal_connect_object (client, "notify::state", G_CALLBACK (fb_profile_editor_test_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::state-reason", G_CALLBACK (fb_profile_editor_test_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "notify::subscribed", G_CALLBACK (fb_profile_editor_test_state_cb), self,
                           G_CONNECT_SWAPPED);
  self->test_timeout_id = g_timeout_add_seconds (TEST_TIMEOUT_SECONDS, fb_profile_editor_test_timeout_cb, self);
  fb_mqtt_client_start (client);
}

static void
fb_profile_editor_test_client_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FbProfileEditor *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMqttClient) client = NULL;

  client = fb_connection_profile_create_client_finish (FB_CONNECTION_PROFILE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (client == NULL)
    fb_profile_editor_end_test (self, error->message, FALSE);
  else
    fb_profile_editor_run_test (self, client);
}

void
fb_profile_editor_test_clicked_cb (FbProfileEditor *self)
{
  g_autoptr(FbConnectionProfile) trial = fb_connection_profile_copy (self->profile);
  g_autoptr(FbMqttClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *client_id = NULL;
  gboolean typed_secrets;

  fb_profile_editor_end_test (self, NULL, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->test_result), FALSE);
  fb_profile_editor_apply (self, trial);

  if (!fb_profile_editor_check (self) || !fb_connection_profile_validate (trial, &error))
    {
      fb_profile_editor_end_test (self, error != NULL ? fb_profile_editor_words (error->message) : self->fault, FALSE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  gtk_spinner_start (self->test_spinner);
  /* A client id of its own, so the test does not kick the app's live connection off the broker. */
  client_id = g_strdup_printf ("%s-test", fb_mqtt_installation_client_id ());

  typed_secrets = fb_connection_profile_get_kind (trial) == FB_CONNECTION_KIND_AWS_IOT
                  ? *fb_profile_editor_text_of (self->secret_row) != '\0'
                  : *fb_profile_editor_text_of (self->password_row) != '\0';
  if (typed_secrets || self->is_new || fb_connection_profile_get_secret_kinds (trial)[0] < 0)
    {
      client = fb_connection_profile_create_client (trial, fb_profile_editor_text_of (self->secret_row),
                                                    fb_profile_editor_text_of (self->token_row),
                                                    fb_profile_editor_text_of (self->password_row), client_id, &error);
      if (client == NULL)
        fb_profile_editor_end_test (self, error->message, FALSE);
      else
        fb_profile_editor_run_test (self, client);
      return;
    }

  /* Editing a saved profile without retyping its secret: the keyring's. */
  self->test_cancellable = g_cancellable_new ();
  fb_connection_profile_create_client_async (trial, client_id, self->test_cancellable,
                                             fb_profile_editor_test_client_cb, self);
}
