/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-recording-banner.c: a banner (libadwaita 1.2 has no AdwBanner) revealed while the history
 * is not being recorded, with the reason in words. It follows FbHistory:recording-problem. */
#define G_LOG_DOMAIN "fb-recording-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-recording-banner.h"

struct _FbRecordingBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  FbHistory   *history;
};

G_DEFINE_FINAL_TYPE (FbRecordingBanner, fb_recording_banner, GTK_TYPE_WIDGET)

static void
fb_recording_banner_update_cb (FbRecordingBanner *self)
{
  const char *problem = self->history != NULL ? fb_history_get_recording_problem (self->history) : NULL;
  g_autofree char *text = NULL;

  g_assert (FB_IS_RECORDING_BANNER (self));

  if (problem != NULL)
    /* Translators: %s says why, e.g. "Cannot write to …/ledger.sqlite3: the disk is full (…)". */
    text = g_strdup_printf (_("History is not being recorded. %s"), problem);
  /* Screen readers see a collapsed revealer's children still: leave nothing to read. */
  gtk_label_set_label (self->label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->revealer, text != NULL);
}

void
fb_recording_banner_set_history (FbRecordingBanner *self,
                                 FbHistory         *history)
{
  g_return_if_fail (FB_IS_RECORDING_BANNER (self));
  g_return_if_fail (history == NULL || FB_IS_HISTORY (history));

  if (self->history == history)
    return;
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_set_object (&self->history, history);
  if (history != NULL)
    g_signal_connect_object (history, "notify::recording-problem", G_CALLBACK (fb_recording_banner_update_cb), self,
                             G_CONNECT_SWAPPED);
  fb_recording_banner_update_cb (self);
}

static void
fb_recording_banner_dispose (GObject *object)
{
  FbRecordingBanner *self = FB_RECORDING_BANNER (object);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_RECORDING_BANNER);

  G_OBJECT_CLASS (fb_recording_banner_parent_class)->dispose (object);
}

static void
fb_recording_banner_class_init (FbRecordingBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_recording_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-recording-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, FbRecordingBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, FbRecordingBanner, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_recording_banner_init (FbRecordingBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_recording_banner_new (void)
{
  return g_object_new (FB_TYPE_RECORDING_BANNER, NULL);
}
