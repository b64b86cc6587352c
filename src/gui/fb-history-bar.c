/* fb-history-bar.c: the time shown, in words and on a timeline. Dragging the timeline asks for a
 * new instant at most every SEEK_DELAY_MS: each one is a read of the history. */
#define G_LOG_DOMAIN "fb-history-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-history-bar.h"

#define SEEK_DELAY_MS 150

struct _FbHistoryBar
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkWidget   *bar;
  GtkLabel    *label;
  GtkWidget   *previous_button;
  GtkScale    *timeline;
  GtkWidget   *next_button;
  GtkWidget   *live_button;

  gint64       seek_to;
  guint        seek_id;
};

G_DEFINE_FINAL_TYPE (FbHistoryBar, fb_history_bar, GTK_TYPE_WIDGET)

enum {
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_controls_visible (FbHistoryBar *self,
                      gboolean      visible)
{
  gtk_widget_set_visible (self->previous_button, visible);
  gtk_widget_set_visible (GTK_WIDGET (self->timeline), visible);
  gtk_widget_set_visible (self->next_button, visible);
  gtk_widget_set_visible (self->live_button, visible);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), !visible);
  /* The past is tinted: nobody should mistake it for the live state. */
  if (visible)
    gtk_widget_add_css_class (self->bar, "past");
  else
    gtk_widget_remove_css_class (self->bar, "past");
}

void
fb_history_bar_show_as_of (FbHistoryBar *self,
                           gint64        as_of)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (FB_IS_HISTORY_BAR (self));

  when = fb_format_local_time (as_of, g_get_real_time (), FALSE);
  /* Translators: shown until the connection is live; %s is a time such as 07:02:13 */
  text = g_strdup_printf (_("Showing the last known state, as of %s, until the connection is live"), when);
  gtk_label_set_label (self->label, text);
  set_controls_visible (self, FALSE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

void
fb_history_bar_show_viewing (FbHistoryBar *self,
                             gint64        at,
                             gint64        first,
                             gint64        last)
{
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (FB_IS_HISTORY_BAR (self));

  when = fb_format_local_time (at, g_get_real_time (), TRUE);
  /* Translators: a past instant is shown, read-only; %s is a time such as 07:02:13.250 */
  text = g_strdup_printf (_("Viewing %s"), when);
  gtk_label_set_label (self->label, text);

  /* Seconds on the scale: doubles hold them exactly enough. */
  gtk_range_set_range (GTK_RANGE (self->timeline), first / 1e6, MAX (last, first + 1) / 1e6);
  gtk_range_set_increments (GTK_RANGE (self->timeline), 1, 60);
  if (self->seek_id == 0)
    gtk_range_set_value (GTK_RANGE (self->timeline), at / 1e6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->timeline), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, when, -1);

  set_controls_visible (self, TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

void
fb_history_bar_hide (FbHistoryBar *self)
{
  g_return_if_fail (FB_IS_HISTORY_BAR (self));

  g_clear_handle_id (&self->seek_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  /* Screen readers see a collapsed revealer's children still: leave nothing to read. */
  gtk_label_set_label (self->label, "");
}

static gboolean
seek_cb (gpointer user_data)
{
  FbHistoryBar *self = user_data;

  self->seek_id = 0;
  g_signal_emit (self, signals[SEEK], 0, self->seek_to);
  return G_SOURCE_REMOVE;
}

static gboolean
on_change_value (FbHistoryBar  *self,
                 GtkScrollType  scroll,
                 double         value,
                 GtkRange      *range)
{
  GtkAdjustment *adjustment = gtk_range_get_adjustment (range);

  value = CLAMP (value, gtk_adjustment_get_lower (adjustment), gtk_adjustment_get_upper (adjustment));
  self->seek_to = (gint64) (value * 1e6);
  if (self->seek_id == 0)
    self->seek_id = g_timeout_add (SEEK_DELAY_MS, seek_cb, self);
  return FALSE;
}

static void
fb_history_bar_dispose (GObject *object)
{
  FbHistoryBar *self = FB_HISTORY_BAR (object);

  g_clear_handle_id (&self->seek_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_HISTORY_BAR);

  G_OBJECT_CLASS (fb_history_bar_parent_class)->dispose (object);
}

static void
fb_history_bar_class_init (FbHistoryBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_history_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-history-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, bar);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, label);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, timeline);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, live_button);
  gtk_widget_class_bind_template_callback (widget_class, on_change_value);

  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_history_bar_init (FbHistoryBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_history_bar_new (void)
{
  return g_object_new (FB_TYPE_HISTORY_BAR, NULL);
}
