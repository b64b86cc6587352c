/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-alert-banner.c: a revealer with the alert's words and two buttons. The latest alert replaces
 * the one shown (at most one per kind a minute reaches it); after a while it goes by itself, so
 * that it never tells of a past trouble as if it were now. */
#define G_LOG_DOMAIN "fb-alert-banner"

#include "config.h"

#include "fb-alert-banner.h"

struct _FbAlertBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkWidget   *show_button;
  guint        hide_id;
};

G_DEFINE_FINAL_TYPE (FbAlertBanner, fb_alert_banner, GTK_TYPE_WIDGET)

static void
fb_alert_banner_hide (FbAlertBanner *self)
{
  g_assert (FB_IS_ALERT_BANNER (self));

  g_clear_handle_id (&self->hide_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

static gboolean
hide_cb (gpointer data)
{
  FbAlertBanner *self = data;

  self->hide_id = 0;
  fb_alert_banner_hide (self);
  return G_SOURCE_REMOVE;
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  fb_alert_banner_hide (FB_ALERT_BANNER (widget));
}

/* Show has done its work once clicked: the alert is seen. */
static void
fb_alert_banner_show_clicked_cb (FbAlertBanner *self,
                                 GtkButton     *button)
{
  g_assert (FB_IS_ALERT_BANNER (self));

  fb_alert_banner_hide (self);
}

void
fb_alert_banner_show (FbAlertBanner *self,
                      const char    *text,
                      const char    *action,
                      GVariant      *target)
{
  g_return_if_fail (FB_IS_ALERT_BANNER (self));
  g_return_if_fail (text != NULL);

  gtk_label_set_label (self->label, text);
  /* The target first, with no action: GTK warns when a name meets a target of another type. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->show_button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->show_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->show_button), action);
  gtk_widget_set_visible (self->show_button, action != NULL);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  g_clear_handle_id (&self->hide_id, g_source_remove);
  self->hide_id = g_timeout_add_seconds (FB_ALERT_BANNER_SECONDS, hide_cb, self);
}

const char *
fb_alert_banner_get_text (FbAlertBanner *self)
{
  g_return_val_if_fail (FB_IS_ALERT_BANNER (self), NULL);

  return gtk_revealer_get_reveal_child (self->revealer) ? gtk_label_get_label (self->label) : NULL;
}

static void
fb_alert_banner_dispose (GObject *object)
{
  FbAlertBanner *self = FB_ALERT_BANNER (object);

  g_clear_handle_id (&self->hide_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ALERT_BANNER);

  G_OBJECT_CLASS (fb_alert_banner_parent_class)->dispose (object);
}

static void
fb_alert_banner_class_init (FbAlertBannerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = fb_alert_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-alert-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, FbAlertBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, FbAlertBanner, label);
  gtk_widget_class_bind_template_child (widget_class, FbAlertBanner, show_button);
  gtk_widget_class_install_action (widget_class, "alert-banner.dismiss", NULL, dismiss_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_alert_banner_init (FbAlertBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->show_button, "clicked", G_CALLBACK (fb_alert_banner_show_clicked_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
fb_alert_banner_new (void)
{
  return g_object_new (FB_TYPE_ALERT_BANNER, NULL);
}
