/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-application.c: application-wide actions, command line and the main window. */
#define G_LOG_DOMAIN "fb-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "fb-alerts.h"
#include "fb-application.h"
#include "fb-compat.h"
#include "fb-preferences-window.h"
#include "fb-session.h"
#include "fb-version.h"
#include "fb-window.h"

struct _FbApplication
{
  AdwApplication parent_instance;

  FbSession     *session;   /* the live connection and the stores its windows show */
  FbAlerts      *alerts;
};

G_DEFINE_FINAL_TYPE (FbApplication, fb_application, ADW_TYPE_APPLICATION)

static int
fb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("feedboard %s\n", fb_version ());
      return 0;
    }

  {
    g_autoptr(GError) error = NULL;

    if (!fb_session_set_options (FB_APPLICATION (app)->session, options, &error))
      {
        g_printerr ("feedboard: %s\n", error->message);
        return 2;
      }
  }

  return -1;
}

static void
fb_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fb_window_new (FB_APPLICATION (app)));

  gtk_window_present (window);
  fb_window_set_session (FB_WINDOW (window), FB_APPLICATION (app)->session);
  fb_alerts_set_session (FB_APPLICATION (app)->alerts, FB_APPLICATION (app)->session);
  fb_session_start (FB_APPLICATION (app)->session);
}

static void
fb_application_about (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  FbApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Feedboard developers", NULL };

  g_assert (FB_IS_APPLICATION (self));

  /* The version comes from meson.build through fb_version (), like --version's;
     tests/check-version.py holds both to it. */
  fb_show_about (window,
                         "application-name", _("Feedboard"),
                         "application-icon", APP_ID,
                         "version", fb_version (),
                         "developer-name", _("The Feedboard developers"),
                         "developers", developers,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/feedboard/feedboard",
                         "issue-url", "https://github.com/feedboard/feedboard/issues",
                         "comments", _("Live orders and cat feeders from your event-driven AWS backend"),
                         NULL);
}

/* -- connections: the preferences window, and the welcome page's buttons -- */

static FbPreferencesWindow *
fb_application_show_preferences (FbApplication *self)
{
  return fb_preferences_window_show (self->session,
                                     gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
fb_application_preferences (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  fb_application_show_preferences (FB_APPLICATION (user_data));
}

static void
fb_application_connect_aws (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  fb_preferences_window_add_new (fb_application_show_preferences (FB_APPLICATION (user_data)),
                                 FB_CONNECTION_KIND_AWS_IOT);
}

static void
fb_application_connect_mqtt (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  fb_preferences_window_add_new (fb_application_show_preferences (FB_APPLICATION (user_data)),
                                 FB_CONNECTION_KIND_MQTT_BROKER);
}

/* Edit Connection (the connection popover, the "Can't Connect" page): the form of the saved
   connection in use, or Preferences when the connection is not a saved one. */
static void
fb_application_edit_connection (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  FbApplication *self = FB_APPLICATION (user_data);
  FbPreferencesWindow *prefs = fb_application_show_preferences (self);
  FbConnectionProfile *profile = fb_session_get_profile (self->session);

  if (profile != NULL)
    fb_preferences_window_edit_profile (prefs, profile);
}

static void
fb_application_demo (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  fb_session_start_demo (FB_APPLICATION (user_data)->session);
}

static void
fb_application_quit (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", fb_application_about },
  { "preferences", fb_application_preferences },
  { "connect-aws", fb_application_connect_aws },
  { "connect-mqtt", fb_application_connect_mqtt },
  { "edit-connection", fb_application_edit_connection },
  { "demo", fb_application_demo },
  { "quit", fb_application_quit },
};

static gboolean
fb_application_quit_on_signal (gpointer user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* SIGTERM/SIGINT quit like Ctrl+Q: windows save their state, the demo backend stops. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
  g_application_quit (G_APPLICATION (app));

  return G_SOURCE_CONTINUE;
}

static void
fb_application_startup (GApplication *app)
{
  /* Window-level shortcuts (win.search, win.show-orders...) belong to FbWindow; every
     shortcut, wherever it lives, is listed in data/gtk/help-overlay.ui. */
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (fb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);

  /* Alerts also while the window is in the background; they install app.show-order & co. */
  FB_APPLICATION (app)->alerts = fb_alerts_new (GTK_APPLICATION (app));

  g_unix_signal_add (SIGTERM, fb_application_quit_on_signal, app);
  g_unix_signal_add (SIGINT, fb_application_quit_on_signal, app);
}

static void
fb_application_shutdown (GApplication *app)
{
  /* Also stops the --demo backend. */
  g_clear_object (&FB_APPLICATION (app)->alerts);
  fb_session_stop (FB_APPLICATION (app)->session);

  G_APPLICATION_CLASS (fb_application_parent_class)->shutdown (app);
}

static void
fb_application_finalize (GObject *object)
{
  g_clear_object (&FB_APPLICATION (object)->session);

  G_OBJECT_CLASS (fb_application_parent_class)->finalize (object);
}

static void
fb_application_class_init (FbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fb_application_finalize;
  app_class->shutdown = fb_application_shutdown;
  app_class->activate = fb_application_activate;
  app_class->startup = fb_application_startup;
  app_class->handle_local_options = fb_application_handle_local_options;
}

static void
fb_application_init (FbApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Run on the local demo backend"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* --broker, --endpoint, --region, --profile, --topic, --client-id, as feedboard-cli's. */
  fb_session_add_option_entries (G_APPLICATION (self));
  self->session = fb_session_new ();
}

FbApplication *
fb_application_new (void)
{
  return g_object_new (FB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/feedboard/Feedboard",
                       NULL);
}
