/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-preferences-window.c: the saved connections, one row each (connect, edit, delete), and the
   profile form as a subpage. The list is the session's FbProfileStore, bound to a GtkListBox. */
#define G_LOG_DOMAIN "fb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-toast.h"
#include "fb-keyring.h"
#include "fb-preferences-window.h"
#include "fb-profile-editor.h"
#include "fb-alerts-preferences.h"
#include "fb-settings.h"

struct _FbPreferencesWindow
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwPreferencesDialog parent_instance;
#else
  AdwPreferencesWindow parent_instance;
#endif

  FbSession           *session;
  GtkListBox          *profile_list;
  GtkWidget           *empty_label;
  GtkWidget           *demo_group;
  GtkSpinButton       *max_age_spin;
  GtkSpinButton       *max_size_spin;
  GSettings           *settings;
};

/* The few calls that differ between the preferences dialog (libadwaita 1.5 and later) and the
   window (1.2): here only. */
#if ADW_CHECK_VERSION (1, 5, 0)
G_DEFINE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, ADW_TYPE_PREFERENCES_DIALOG)

static void
push_subpage (FbPreferencesWindow *self,
              GtkWidget           *child,
              const char          *title)
{
  AdwNavigationPage *page = adw_navigation_page_new (child, title);

  /* The form has Cancel and Save, as on 1.2: no back button beside them. */
  adw_navigation_page_set_can_pop (page, FALSE);
  adw_preferences_dialog_push_subpage (ADW_PREFERENCES_DIALOG (self), page);
}

static void
pop_subpage (FbPreferencesWindow *self)
{
  adw_preferences_dialog_pop_subpage (ADW_PREFERENCES_DIALOG (self));
}

static void
add_toast (FbPreferencesWindow *self,
           AdwToast            *toast)
{
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), toast);
}

static void
close_preferences (FbPreferencesWindow *self)
{
  adw_dialog_close (ADW_DIALOG (self));
}

static void
add_page (FbPreferencesWindow *self,
          GtkWidget           *page)
{
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (self), ADW_PREFERENCES_PAGE (page));
}
#else
G_DEFINE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
push_subpage (FbPreferencesWindow *self,
              GtkWidget           *child,
              const char          *title)
{
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), child);
}

static void
pop_subpage (FbPreferencesWindow *self)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

static void
add_toast (FbPreferencesWindow *self,
           AdwToast            *toast)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
close_preferences (FbPreferencesWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_page (FbPreferencesWindow *self,
          GtkWidget           *page)
{
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
}
#endif

static void
fb_preferences_window_editor_done_cb (FbPreferencesWindow *self)
{
  pop_subpage (self);
}

static void
fb_preferences_window_edit (FbPreferencesWindow *self,
                            FbConnectionProfile *profile,
                            gboolean             is_new)
{
  GtkWidget *editor = fb_profile_editor_new (self->session, profile, is_new);

  g_signal_connect_object (editor, "done", G_CALLBACK (fb_preferences_window_editor_done_cb), self, G_CONNECT_SWAPPED);
  push_subpage (self, editor, fb_connection_profile_get_name (profile));
}

void
fb_preferences_window_edit_profile (FbPreferencesWindow *self,
                                    FbConnectionProfile *profile)
{
  g_return_if_fail (FB_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (FB_IS_CONNECTION_PROFILE (profile));

  fb_preferences_window_edit (self, profile, FALSE);
}

void
fb_preferences_window_add_new (FbPreferencesWindow *self,
                               FbConnectionKind     kind)
{
  g_autoptr(FbConnectionProfile) profile = fb_connection_profile_new (kind);

  g_return_if_fail (FB_IS_PREFERENCES_WINDOW (self));

  g_object_set (profile, "name",
                kind == FB_CONNECTION_KIND_AWS_IOT ? _("AWS IoT") : _("MQTT broker"), NULL);
  fb_preferences_window_edit (self, profile, TRUE);
}

static void
fb_preferences_window_add_aws_cb (FbPreferencesWindow *self)
{
  fb_preferences_window_add_new (self, FB_CONNECTION_KIND_AWS_IOT);
}

static void
fb_preferences_window_add_mqtt_cb (FbPreferencesWindow *self)
{
  fb_preferences_window_add_new (self, FB_CONNECTION_KIND_MQTT_BROKER);
}

/* -- rows -- */

static FbConnectionProfile *
profile_of (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "profile");
}

static void
fb_preferences_window_connect_clicked_cb (GtkButton           *button,
                                          FbPreferencesWindow *self)
{
  fb_session_connect_profile (self->session, profile_of (GTK_WIDGET (button)));
  close_preferences (self);
}

static void
fb_preferences_window_edit_clicked_cb (GtkButton           *button,
                                       FbPreferencesWindow *self)
{
  fb_preferences_window_edit (self, profile_of (GTK_WIDGET (button)), FALSE);
}

static void
fb_preferences_window_cleared_cb (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fb_keyring_clear_finish (result, &error))
    g_warning ("Could not delete a connection's secrets from the keyring: %s", error->message);
}

static void
fb_preferences_window_delete_clicked_cb (GtkButton           *button,
                                         FbPreferencesWindow *self)
{
  g_autoptr(FbConnectionProfile) profile = g_object_ref (profile_of (GTK_WIDGET (button)));
  g_autofree char *message = NULL;

  fb_keyring_clear_async (fb_connection_profile_get_id (profile), NULL, fb_preferences_window_cleared_cb, NULL);
  fb_profile_store_remove (fb_session_get_profiles (self->session),
                           fb_connection_profile_get_id (profile));
  message = g_strdup_printf (_("Deleted “%s”"), fb_connection_profile_get_name (profile));
  add_toast (self, fb_toast_new_plain (message));
}

static GtkWidget *
row_button (FbConnectionProfile *profile,
            const char          *icon_name,
            const char          *label_format,
            GCallback            callback,
            FbPreferencesWindow *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);
  g_autofree char *label = g_strdup_printf (label_format, fb_connection_profile_get_name (profile));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "profile", g_object_ref (profile), g_object_unref);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  FbPreferencesWindow *self = user_data;
  FbConnectionProfile *profile = item;
  FbConnectionProfile *current = fb_session_get_profile (self->session);
  gboolean aws = fb_connection_profile_get_kind (profile) == FB_CONNECTION_KIND_AWS_IOT;
  gboolean in_use = current != NULL && g_strcmp0 (fb_connection_profile_get_id (current),
                                                  fb_connection_profile_get_id (profile)) == 0;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  if (aws)
    subtitle = g_strdup_printf (_("AWS IoT · %s"), fb_connection_profile_get_endpoint (profile));
  else
    subtitle = g_strdup_printf (_("MQTT broker · %s"), fb_connection_profile_get_broker_url (profile));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fb_connection_profile_get_name (profile));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (in_use)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_widget_set_tooltip_text (icon, _("In use"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("In use"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  else
    /* Translators: %s is a connection's name. */
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               row_button (profile, "media-playback-start-symbolic", _("Connect to %s"),
                                           G_CALLBACK (fb_preferences_window_connect_clicked_cb), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (profile, "document-edit-symbolic", _("Edit %s"),
                                         G_CALLBACK (fb_preferences_window_edit_clicked_cb), self));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (profile, "user-trash-symbolic", _("Delete %s"),
                                         G_CALLBACK (fb_preferences_window_delete_clicked_cb), self));
  return row;
}

static void
fb_preferences_window_profiles_changed_cb (FbPreferencesWindow *self)
{
  GListModel *model = G_LIST_MODEL (fb_session_get_profiles (self->session));

  gtk_widget_set_visible (self->empty_label, g_list_model_get_n_items (model) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_list), g_list_model_get_n_items (model) > 0);
}

static void
fb_preferences_window_session_profile_cb (FbPreferencesWindow *self)
{
  /* Rebuild the rows so the one in use shows it. */
  gtk_list_box_bind_model (self->profile_list, G_LIST_MODEL (fb_session_get_profiles (self->session)),
                           create_row, self, NULL);
}

static void
fb_preferences_window_dispose (GObject *object)
{
  FbPreferencesWindow *self = FB_PREFERENCES_WINDOW (object);

  if (self->profile_list != NULL)
    gtk_list_box_bind_model (self->profile_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (fb_preferences_window_parent_class)->dispose (object);
}

static void
fb_preferences_window_class_init (FbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, profile_list);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, demo_group);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, max_age_spin);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, max_size_spin);
  gtk_widget_class_bind_template_callback (widget_class, fb_preferences_window_add_aws_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_preferences_window_add_mqtt_cb);
}

static void
fb_preferences_window_init (FbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The stuck threshold and the alerts: a page of their own. */
  add_page (self, fb_alerts_preferences_new ());

  /* Without the schema (a build tree) the limits cannot be kept: say so by disabling them. */
  self->settings = fb_settings_new_if_installed ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "history-max-age-days", self->max_age_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "history-max-size-mb", self->max_size_spin, "value", G_SETTINGS_BIND_DEFAULT);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->max_age_spin), self->settings != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->max_size_spin), self->settings != NULL);
}

static FbPreferencesWindow *
fb_preferences_window_new (FbSession *session,
                           GtkWindow *parent)
{
  FbPreferencesWindow *self;

#if ADW_CHECK_VERSION (1, 5, 0)
  /* As tall as the window was on 1.2 (the parent window clamps it): the form is long. */
  self = g_object_new (FB_TYPE_PREFERENCES_WINDOW, "content-width", 640, "content-height", 720, NULL);
#else
  self = g_object_new (FB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "modal", TRUE,
                       "default-width", 640, "default-height", 720, NULL);
#endif
  self->session = g_object_ref (session);
  g_signal_connect_object (fb_session_get_profiles (session), "items-changed",
                           G_CALLBACK (fb_preferences_window_profiles_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::profile", G_CALLBACK (fb_preferences_window_session_profile_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_bind_property (session, "demo", self->demo_group, "visible", G_BINDING_SYNC_CREATE);
  fb_preferences_window_session_profile_cb (self);
  fb_preferences_window_profiles_changed_cb (self);
  return self;
}

FbPreferencesWindow *
fb_preferences_window_show (FbSession *session,
                            GtkWindow *parent)
{
  FbPreferencesWindow *self;

  g_return_val_if_fail (FB_IS_SESSION (session), NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *open = ADW_IS_APPLICATION_WINDOW (parent)
      ? adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (parent)) : NULL;

    if (FB_IS_PREFERENCES_WINDOW (open))
      return FB_PREFERENCES_WINDOW (open);
    self = fb_preferences_window_new (session, parent);
    adw_dialog_present (ADW_DIALOG (self), GTK_WIDGET (parent));
  }
#else
  /* The preferences window is modal: the active window is the main one unless it is open. */
  if (FB_IS_PREFERENCES_WINDOW (parent))
    self = FB_PREFERENCES_WINDOW (parent);
  else
    self = fb_preferences_window_new (session, parent);
  gtk_window_present (GTK_WINDOW (self));
#endif
  return self;
}
