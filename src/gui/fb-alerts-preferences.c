/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alerts-preferences.c: each control bound to its GSettings key; without the schema (a build
   tree run without GSETTINGS_SCHEMA_DIR) the controls are shown but insensitive. */
#define G_LOG_DOMAIN "fb-alerts-preferences"

#include "config.h"

#include "fb-alerts-preferences.h"
#include "fb-settings.h"

struct _FbAlertsPreferences
{
  AdwPreferencesPage parent_instance;

  GtkWidget *stuck_after_spin;
  GtkWidget *order_stuck_switch;
  GtkWidget *order_cancelled_switch;
  GtkWidget *feeder_low_switch;
  GtkWidget *feeder_low_level_row;
  GtkWidget *feeder_low_level_spin;
  GtkWidget *feeder_silent_switch;
  GtkWidget *connection_lost_switch;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (FbAlertsPreferences, fb_alerts_preferences, ADW_TYPE_PREFERENCES_PAGE)

static void
fb_alerts_preferences_dispose (GObject *object)
{
  FbAlertsPreferences *self = FB_ALERTS_PREFERENCES (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ALERTS_PREFERENCES);

  G_OBJECT_CLASS (fb_alerts_preferences_parent_class)->dispose (object);
}

static void
fb_alerts_preferences_class_init (FbAlertsPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fb_alerts_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-alerts-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, stuck_after_spin);
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, order_stuck_switch);
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, order_cancelled_switch);
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, feeder_low_switch);
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, feeder_low_level_row);
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, feeder_low_level_spin);
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, feeder_silent_switch);
  gtk_widget_class_bind_template_child (widget_class, FbAlertsPreferences, connection_lost_switch);
}

static void
fb_alerts_preferences_bind (FbAlertsPreferences *self)
{
  const struct { const char *key; GtkWidget *widget; const char *property; } bindings[] = {
    { "stuck-after-minutes", self->stuck_after_spin, "value" },
    { "alert-order-stuck", self->order_stuck_switch, "active" },
    { "alert-order-cancelled", self->order_cancelled_switch, "active" },
    { "alert-feeder-low", self->feeder_low_switch, "active" },
    { "alert-feeder-low-level", self->feeder_low_level_spin, "value" },
    { "alert-feeder-silent", self->feeder_silent_switch, "active" },
    { "alert-connection-lost", self->connection_lost_switch, "active" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      if (self->settings != NULL)
        g_settings_bind (self->settings, bindings[i].key, bindings[i].widget, bindings[i].property,
                         G_SETTINGS_BIND_DEFAULT);
      gtk_widget_set_sensitive (bindings[i].widget, self->settings != NULL);
    }
  /* The level matters only while its alert is on. */
  g_object_bind_property (self->feeder_low_switch, "active", self->feeder_low_level_row, "sensitive",
                          G_BINDING_SYNC_CREATE);
}

static void
fb_alerts_preferences_init (FbAlertsPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = fb_settings_new_if_installed ();
  fb_alerts_preferences_bind (self);
}

GtkWidget *
fb_alerts_preferences_new (void)
{
  return g_object_new (FB_TYPE_ALERTS_PREFERENCES, NULL);
}
