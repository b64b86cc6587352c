/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-profile-editor.c: the form of one connection. Every field is checked as it changes and the
   words shown at the row; "Test connection" really connects with a throwaway client. Secrets go
   from the password rows to the keyring only, never into the profile. */
#define G_LOG_DOMAIN "fb-profile-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-file-chooser.h"
#include "fb-keyring.h"
#include "fb-profile-editor-private.h"


G_DEFINE_FINAL_TYPE (FbProfileEditor, fb_profile_editor, GTK_TYPE_BOX)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static FbCredentialsSource
source_of (FbProfileEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->source_buttons); i++)
    if (gtk_check_button_get_active (self->source_buttons[i]))
      return i;
  return FB_CREDENTIALS_SOURCE_DEFAULT_CHAIN;
}

const char *
fb_profile_editor_text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char **
topics_of (AdwEntryRow *row)
{
  g_auto(GStrv) parts = g_strsplit (fb_profile_editor_text_of (row), ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* The form's values into a profile (the copy, or a throwaway one for a test). */
void
fb_profile_editor_apply (FbProfileEditor     *self,
                         FbConnectionProfile *profile)
{
  g_auto(GStrv) order_topics = topics_of (self->order_topics_row);
  g_auto(GStrv) feeder_topics = topics_of (self->feeder_topics_row);

  g_assert (FB_IS_PROFILE_EDITOR (self));

  g_object_set (profile,
                "name", fb_profile_editor_text_of (self->name_row),
                "endpoint", fb_profile_editor_text_of (self->endpoint_row),
                "region", fb_profile_editor_text_of (self->region_row),
                "credentials-source", source_of (self),
                "aws-profile-name", fb_profile_editor_text_of (self->aws_profile_row),
                "identity-pool-id", fb_profile_editor_text_of (self->pool_row),
                "access-key-id", fb_profile_editor_text_of (self->key_id_row),
                "broker-url", fb_profile_editor_text_of (self->broker_row),
                "username", fb_profile_editor_text_of (self->username_row),
                "ca-file", fb_profile_editor_text_of (self->ca_row),
                "feed-route", adw_combo_row_get_selected (self->route_row),
                "eventbridge-bus", fb_profile_editor_text_of (self->bus_row),
                "eventbridge-region", fb_profile_editor_text_of (self->eb_region_row),
                "shared-endpoint", fb_profile_editor_text_of (self->shared_row),
                "polling-endpoint", fb_profile_editor_text_of (self->polling_row),
                "order-topics", order_topics,
                "feeder-topics", feeder_topics,
                NULL);
}

static void
fb_profile_editor_load (FbProfileEditor *self)
{
  FbConnectionProfile *p = self->profile;
  g_autofree char *order_topics = g_strjoinv (", ", (char **) fb_connection_profile_get_order_topics (p));
  g_autofree char *feeder_topics = g_strjoinv (", ", (char **) fb_connection_profile_get_feeder_topics (p));

  set_text (self->name_row, fb_connection_profile_get_name (p));
  set_text (self->endpoint_row, fb_connection_profile_get_endpoint (p));
  set_text (self->region_row, fb_connection_profile_get_region (p));
  gtk_check_button_set_active (self->source_buttons[fb_connection_profile_get_credentials_source (p)], TRUE);
  set_text (self->aws_profile_row, fb_connection_profile_get_aws_profile_name (p));
  set_text (self->pool_row, fb_connection_profile_get_identity_pool_id (p));
  set_text (self->key_id_row, fb_connection_profile_get_access_key_id (p));
  set_text (self->broker_row, fb_connection_profile_get_broker_url (p));
  set_text (self->username_row, fb_connection_profile_get_username (p));
  set_text (self->ca_row, fb_connection_profile_get_ca_file (p));
  adw_combo_row_set_selected (self->route_row, fb_connection_profile_get_feed_route (p));
  set_text (self->bus_row, fb_connection_profile_get_eventbridge_bus (p));
  /* Only what the user set, not the IoT region it falls back to. */
  {
    g_autofree char *eb_region = NULL;

    g_object_get (p, "eventbridge-region", &eb_region, NULL);
    set_text (self->eb_region_row, eb_region);
  }
  set_text (self->shared_row, fb_connection_profile_get_shared_endpoint (p));
  set_text (self->polling_row, fb_connection_profile_get_polling_endpoint (p));
  set_text (self->order_topics_row, order_topics);
  set_text (self->feeder_topics_row, feeder_topics);
}

/* -- checks as the user types -- */

/* What the checks found: whether Save may run, and the first row at fault (shown red or not,
   for the words beside Save). */
typedef struct
{
  gboolean     valid;
  AdwEntryRow *fault_row;
  const char  *fault;
} Checked;

/* Shows words at the row (tooltip, accessible description, error style). Returns the first
   problem shown in the group so far, for the group's description; a problem of a visible row,
   shown or not, makes the form invalid and the first one is the fault named beside Save. */
static const char *
mark_row (AdwEntryRow *row,
          const char  *problem,
          const char  *first,
          Checked     *checked)
{
  GtkWidget *widget = GTK_WIDGET (row);
  /* Nothing typed yet: no red before the user had a chance; Save still says what is missing. */
  gboolean shown = problem != NULL && *fb_profile_editor_text_of (row) != '\0' && gtk_widget_is_visible (widget);

  if (shown)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  gtk_widget_set_tooltip_text (widget, shown ? problem : NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  shown ? problem : "", -1);

  if (problem != NULL && gtk_widget_is_visible (widget))
    {
      if (checked->valid)
        {
          checked->fault_row = row;
          checked->fault = problem;
        }
      checked->valid = FALSE;
    }
  if (first == NULL && shown)
    return problem;
  return first;
}

const char *
fb_profile_editor_words (const char *problem)
{
  /* The core's words are English msgids; translations come from the same catalogue. */
  return problem != NULL ? _(problem) : NULL;
}

/* "Region: Enter the AWS region, e.g. us-east-1", or NULL when the form is valid. */
static char *
fault_text (const Checked *checked)
{
  if (checked->fault_row == NULL)
    return NULL;
  /* Translators: a field of the connection form and what is wrong with it */
  return g_strdup_printf (_("%s: %s"), adw_preferences_row_get_title (ADW_PREFERENCES_ROW (checked->fault_row)),
                          checked->fault);
}

/* Save runs only on a valid form; beside it, in words, the field that keeps it off. */
static void
fb_profile_editor_show_fault (FbProfileEditor *self,
                              const Checked   *checked)
{
  g_autofree char *text = NULL;

  g_free (self->fault);
  self->fault = fault_text (checked);
  text = self->fault != NULL ? g_strdup_printf (_("To save, fix %s"), self->fault) : NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), checked->valid && !self->saving);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->save_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text : "", -1);
  if (text != NULL)
    gtk_label_set_label (self->fault_label, text);
  gtk_revealer_set_reveal_child (self->fault_revealer, text != NULL);
}

gboolean
fb_profile_editor_check (FbProfileEditor *self)
{
  gboolean aws = fb_connection_profile_get_kind (self->profile) == FB_CONNECTION_KIND_AWS_IOT;
  FbCredentialsSource source = source_of (self);
  g_auto(GStrv) order_topics = topics_of (self->order_topics_row);
  g_auto(GStrv) feeder_topics = topics_of (self->feeder_topics_row);
  const char *general = NULL, *aws_first = NULL, *broker = NULL, *feeding = NULL, *topics = NULL;
  const char *secret_problem = NULL;
  const char *profile_problem = NULL;
  const char *ca_problem = NULL;
  Checked checked = { TRUE, NULL, NULL };

  gtk_widget_set_visible (GTK_WIDGET (self->aws_profile_row), source == FB_CREDENTIALS_SOURCE_AWS_PROFILE);
  gtk_widget_set_visible (GTK_WIDGET (self->pool_row), source == FB_CREDENTIALS_SOURCE_COGNITO);
  gtk_widget_set_visible (GTK_WIDGET (self->key_id_row), source == FB_CREDENTIALS_SOURCE_KEYRING_KEYS);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_row), source == FB_CREDENTIALS_SOURCE_KEYRING_KEYS);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), source == FB_CREDENTIALS_SOURCE_KEYRING_KEYS);

/* The words of a core check on a row's text. */
#define CHECK(check, row) fb_profile_editor_words (fb_connection_profile_check_##check (fb_profile_editor_text_of (self->row)))

  general = mark_row (self->name_row, CHECK (name, name_row), NULL, &checked);

  aws_first = mark_row (self->endpoint_row,
                        fb_profile_editor_words (fb_connection_profile_check_endpoint (fb_profile_editor_text_of (self->endpoint_row),
                                                                     fb_profile_editor_text_of (self->region_row))),
                        NULL, &checked);
  aws_first = mark_row (self->region_row, CHECK (region, region_row), aws_first, &checked);
  if (*fb_profile_editor_text_of (self->aws_profile_row) == '\0')
    profile_problem = _("Enter the name of the AWS profile (a section of ~/.aws/config)");
  aws_first = mark_row (self->aws_profile_row, profile_problem, aws_first, &checked);
  aws_first = mark_row (self->pool_row, CHECK (identity_pool_id, pool_row), aws_first, &checked);
  aws_first = mark_row (self->key_id_row, CHECK (access_key_id, key_id_row), aws_first, &checked);
  /* A saved profile keeps its secret in the keyring: an empty row means "unchanged". */
  if (self->is_new && *fb_profile_editor_text_of (self->secret_row) == '\0')
    secret_problem = _("Enter the secret access key; it is kept in the keyring");
  aws_first = mark_row (self->secret_row, secret_problem, aws_first, &checked);

  broker = mark_row (self->broker_row, CHECK (broker_url, broker_row), NULL, &checked);
  if (*fb_profile_editor_text_of (self->ca_row) != '\0'
      && !g_file_test (fb_profile_editor_text_of (self->ca_row), G_FILE_TEST_IS_REGULAR))
    ca_problem = _("There is no file at this path");
  broker = mark_row (self->ca_row, ca_problem, broker, &checked);

  feeding = mark_row (self->eb_region_row,
                      *fb_profile_editor_text_of (self->eb_region_row) == '\0' ? NULL : CHECK (region, eb_region_row),
                      NULL, &checked);
  feeding = mark_row (self->shared_row, CHECK (http_endpoint, shared_row), feeding, &checked);
  feeding = mark_row (self->polling_row, CHECK (http_endpoint, polling_row), feeding, &checked);
#undef CHECK

  topics = mark_row (self->order_topics_row,
                     fb_profile_editor_words (fb_connection_profile_check_topics ((const char * const *) order_topics)),
                     NULL, &checked);
  topics = mark_row (self->feeder_topics_row,
                     fb_profile_editor_words (fb_connection_profile_check_topics ((const char * const *) feeder_topics)),
                     topics, &checked);

  if (!aws)
    aws_first = feeding = NULL;
  else
    broker = NULL;

  /* The group's description repeats the first problem in words, under the title. */
  adw_preferences_group_set_description (self->general_group, general);
  adw_preferences_group_set_description (self->aws_group, aws_first);
  adw_preferences_group_set_description (self->broker_group, broker);
  adw_preferences_group_set_description (self->feeding_group, feeding);
  adw_preferences_group_set_description (self->topics_group, topics);

  fb_profile_editor_show_fault (self, &checked);
  return checked.valid;
}

static void
fb_profile_editor_changed_cb (FbProfileEditor *self)
{
  fb_profile_editor_check (self);
}

/* -- save -- */

typedef struct
{
  FbProfileEditor *self;
  guint            pending;
  GError          *error;
} SaveData;

static void
fb_profile_editor_finish_save (FbProfileEditor *self,
                               GError          *error)
{
  FbConnectionProfile *current;

  self->saving = FALSE;
  fb_profile_editor_check (self);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not store the secret in the keyring: %s"),
                                                  error->message);
      fb_profile_editor_end_test (self, message, FALSE);
      return;
    }

  current = fb_session_get_profile (self->session);
  fb_profile_store_save (fb_session_get_profiles (self->session), self->profile);
  /* A new connection is what the user wants to see now; an edited one in use is reconnected. */
  if (self->is_new || current == NULL
      || g_strcmp0 (fb_connection_profile_get_id (current), fb_connection_profile_get_id (self->profile)) == 0)
    fb_session_connect_profile (self->session, self->profile);

  g_signal_emit (self, signals[DONE], 0);
}

static void
save_data_release (SaveData *data)
{
  if (--data->pending > 0)
    return;

  fb_profile_editor_finish_save (data->self, data->error);
  g_clear_error (&data->error);
  g_object_unref (data->self);
  g_free (data);
}

static void
fb_profile_editor_secret_stored_cb (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  SaveData *data = user_data;
  GError *error = NULL;

  if (!fb_keyring_store_finish (result, &error) && data->error == NULL)
    data->error = error;
  else
    g_clear_error (&error);
  save_data_release (data);
}

static void
store_secret (SaveData      *data,
              FbKeyringKind  kind,
              const char    *secret,
              const char    *label)
{
  data->pending++;
  fb_keyring_store_async (fb_connection_profile_get_id (data->self->profile), kind, label, secret,
                          NULL, fb_profile_editor_secret_stored_cb, data);
}

static void
fb_profile_editor_save_clicked_cb (FbProfileEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  SaveData *data;

  fb_profile_editor_apply (self, self->profile);
  if (!fb_profile_editor_check (self) || !fb_connection_profile_validate (self->profile, &error))
    {
      fb_profile_editor_end_test (self, error != NULL ? fb_profile_editor_words (error->message) : self->fault, FALSE);
      return;
    }

  self->saving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  /* Translators: the label of a secret in the keyring (Seahorse shows it). */
  label = g_strdup_printf (_("Feedboard connection “%s”"), fb_connection_profile_get_name (self->profile));
  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->pending = 1;   /* released below, so that nothing finishes before all are started */

  if (fb_connection_profile_get_secret_kinds (self->profile)[0] < 0)
    {
      /* The profile no longer uses a secret (another source, no user name): forget the old one. */
      store_secret (data, FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, NULL, label);
      store_secret (data, FB_KEYRING_KIND_AWS_SESSION_TOKEN, NULL, label);
      store_secret (data, FB_KEYRING_KIND_MQTT_PASSWORD, NULL, label);
    }
  else if (fb_connection_profile_get_kind (self->profile) == FB_CONNECTION_KIND_AWS_IOT)
    {
      /* Empty rows on a saved profile: keep what the keyring has. */
      if (*fb_profile_editor_text_of (self->secret_row) != '\0')
        {
          store_secret (data, FB_KEYRING_KIND_AWS_SECRET_ACCESS_KEY, fb_profile_editor_text_of (self->secret_row),
                        label);
          store_secret (data, FB_KEYRING_KIND_AWS_SESSION_TOKEN, fb_profile_editor_text_of (self->token_row), label);
        }
    }
  else if (*fb_profile_editor_text_of (self->password_row) != '\0')
    store_secret (data, FB_KEYRING_KIND_MQTT_PASSWORD, fb_profile_editor_text_of (self->password_row), label);

  save_data_release (data);
}

static void
fb_profile_editor_cancel_clicked_cb (FbProfileEditor *self)
{
  fb_profile_editor_end_test (self, NULL, FALSE);
  g_signal_emit (self, signals[DONE], 0);
}

/* -- regions and the CA file: lists and a file chooser beside the rows, which take any text -- */

/* Where AWS IoT Core and EventBridge run, by part of the world; NULL ends a section. */
static const char *const aws_regions[] = {
  N_("Americas"), "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", NULL,
  N_("Europe"), "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1",
  "eu-south-1", "eu-south-2", NULL,
  N_("Middle East and Africa"), "me-south-1", "me-central-1", "il-central-1", "af-south-1", NULL,
  N_("Asia Pacific"), "ap-east-1", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2",
  "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", NULL,
  N_("China"), "cn-north-1", "cn-northwest-1", NULL,
  N_("AWS GovCloud (US)"), "us-gov-east-1", "us-gov-west-1", NULL,
};

static void
fill_region_menu (GMenu      *menu,
                  const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (aws_regions); i++)
    {
      g_autoptr(GMenu) section = g_menu_new ();
      const char *title = _(aws_regions[i]);

      for (i++; i < G_N_ELEMENTS (aws_regions) && aws_regions[i] != NULL; i++)
        {
          g_autoptr(GMenuItem) item = g_menu_item_new (aws_regions[i], NULL);

          g_menu_item_set_action_and_target (item, action, "s", aws_regions[i]);
          g_menu_append_item (section, item);
        }
      g_menu_append_section (menu, title, G_MENU_MODEL (section));
    }
}

static void
set_region_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FbProfileEditor *self = FB_PROFILE_EDITOR (widget);
  AdwEntryRow *row = g_str_equal (action_name, "editor.set-region") ? self->region_row : self->eb_region_row;

  set_text (row, g_variant_get_string (parameter, NULL));
}

static void
fb_profile_editor_ca_file_chosen_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(FbProfileEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = fb_file_chooser_open_finish (result, &error);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  g_clear_object (&self->chooser_cancellable);
  if (path != NULL)
    set_text (self->ca_row, path);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    fb_profile_editor_end_test (self, error->message, FALSE);
}

static void
choose_ca_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FbProfileEditor *self = FB_PROFILE_EDITOR (widget);
  static const char *const patterns[] = { "*.pem", "*.crt", "*.cer", NULL };
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GFile) current = *fb_profile_editor_text_of (self->ca_row) != '\0' ? g_file_new_for_path (fb_profile_editor_text_of (self->ca_row)) : NULL;

  if (self->chooser_cancellable != NULL)
    return;
  self->chooser_cancellable = g_cancellable_new ();
  fb_file_chooser_open_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Choose a CA Certificate"),
                              _("Certificates (PEM)"), patterns, current, self->chooser_cancellable,
                              fb_profile_editor_ca_file_chosen_cb, g_object_ref (self));
}

/* -- GObject -- */

static void
fb_profile_editor_dispose (GObject *object)
{
  FbProfileEditor *self = FB_PROFILE_EDITOR (object);

  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_cancellable_cancel (self->chooser_cancellable);
  g_clear_object (&self->chooser_cancellable);
  g_clear_pointer (&self->fault, g_free);
  fb_profile_editor_end_test (self, NULL, FALSE);
  g_clear_object (&self->session);
  g_clear_object (&self->profile);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_PROFILE_EDITOR);

  G_OBJECT_CLASS (fb_profile_editor_parent_class)->dispose (object);
}

static void
fb_profile_editor_class_init (FbProfileEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_profile_editor_dispose;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-profile-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, FbProfileEditor, name)
  BIND (window_title);
  BIND (save_button);
  BIND (fault_revealer);
  BIND (fault_label);
  BIND (region_menu);
  BIND (eventbridge_region_menu);
  BIND (general_group);
  BIND (aws_group);
  BIND (broker_group);
  BIND (feeding_group);
  BIND (topics_group);
  BIND (name_row);
  BIND (endpoint_row);
  BIND (region_row);
  gtk_widget_class_bind_template_child_full (widget_class, "source_default", FALSE,
                                             G_STRUCT_OFFSET (FbProfileEditor, source_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "source_profile", FALSE,
                                             G_STRUCT_OFFSET (FbProfileEditor, source_buttons[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "source_cognito", FALSE,
                                             G_STRUCT_OFFSET (FbProfileEditor, source_buttons[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "source_keys", FALSE,
                                             G_STRUCT_OFFSET (FbProfileEditor, source_buttons[3]));
  BIND (aws_profile_row);
  BIND (pool_row);
  BIND (key_id_row);
  BIND (secret_row);
  BIND (token_row);
  BIND (broker_row);
  BIND (username_row);
  BIND (password_row);
  BIND (ca_row);
  BIND (route_row);
  BIND (bus_row);
  BIND (eb_region_row);
  BIND (shared_row);
  BIND (polling_row);
  BIND (order_topics_row);
  BIND (feeder_topics_row);
  BIND (test_button);
  BIND (test_spinner);
  BIND (test_result);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, fb_profile_editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_profile_editor_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_profile_editor_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_profile_editor_cancel_clicked_cb);

  gtk_widget_class_install_action (widget_class, "editor.set-region", "s", set_region_action);
  gtk_widget_class_install_action (widget_class, "editor.set-eventbridge-region", "s", set_region_action);
  gtk_widget_class_install_action (widget_class, "editor.choose-ca-file", NULL, choose_ca_file_action);
}

static void
fb_profile_editor_init (FbProfileEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_region_menu (self->region_menu, "editor.set-region");
  fill_region_menu (self->eventbridge_region_menu, "editor.set-eventbridge-region");
}

GtkWidget *
fb_profile_editor_new (FbSession           *session,
                       FbConnectionProfile *profile,
                       gboolean             is_new)
{
  FbProfileEditor *self;
  gboolean aws;

  g_return_val_if_fail (FB_IS_SESSION (session), NULL);
  g_return_val_if_fail (FB_IS_CONNECTION_PROFILE (profile), NULL);

  self = g_object_new (FB_TYPE_PROFILE_EDITOR, NULL);
  self->session = g_object_ref (session);
  self->profile = fb_connection_profile_copy (profile);
  self->is_new = is_new;

  aws = fb_connection_profile_get_kind (profile) == FB_CONNECTION_KIND_AWS_IOT;
  gtk_widget_set_visible (GTK_WIDGET (self->aws_group), aws);
  gtk_widget_set_visible (GTK_WIDGET (self->feeding_group), aws);
  gtk_widget_set_visible (GTK_WIDGET (self->broker_group), !aws);
  adw_window_title_set_title (self->window_title,
                              is_new ? (aws ? _("New AWS IoT Connection") : _("New MQTT Broker Connection"))
                                     : _("Edit Connection"));
  if (!is_new)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                     _("Secret access key (empty: keep the saved one)"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                     _("Password (empty: keep the saved one)"));
    }

  fb_profile_editor_load (self);
  fb_profile_editor_check (self);
  return GTK_WIDGET (self);
}
