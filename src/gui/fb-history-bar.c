/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-history-bar.c: the time shown, in words and on a timeline. The timeline reads like a ruler:
 * dates and times at round steps under it, a mark over it wherever events happened. Dragging it
 * asks for a new instant at most every SEEK_DELAY_MS (each one is a read of the history); an
 * instant typed or picked in the date-and-time entry is asked for at once. */
#define G_LOG_DOMAIN "fb-history-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-date-time-entry.h"
#include "fb-format.h"
#include "fb-history-bar.h"

#define SEEK_DELAY_MS 150
/* At most this many dated ticks under the timeline, and one per TICK_WIDTH pixels of it (at least
   two): a narrow window has fewer, else their words run into each other. */
#define MAX_TICKS 4
#define TICK_WIDTH 120

struct _FbHistoryBar
{
  GtkWidget        parent_instance;

  GtkRevealer     *revealer;
  GtkWidget       *bar;
  GtkLabel        *label;
  FbDateTimeEntry *instant_entry;
  GtkWidget       *timeline_box;
  GtkScale        *timeline;

  gint64           seek_to;
  guint            seek_id;
  gint64           first;      /* the timeline's range, for its ticks */
  gint64           last;
  GArray          *marks;      /* gint64: where events happened, marked over the timeline */
  guint            max_ticks;  /* for the timeline's width */
  guint            ticks_id;   /* an idle that redoes the ticks for a new width */
};

G_DEFINE_FINAL_TYPE (FbHistoryBar, fb_history_bar, GTK_TYPE_WIDGET)

enum {
  SEEK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_viewing (FbHistoryBar *self,
             gboolean      viewing)
{
  gtk_widget_set_visible (self->timeline_box, viewing);
  gtk_widget_set_visible (GTK_WIDGET (self->instant_entry), viewing);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), !viewing);
  /* The past is tinted: nobody should mistake it for the live state. */
  if (viewing)
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
  set_viewing (self, FALSE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

/* The round step (in seconds) that puts fewer than @max_ticks ticks on @span_s seconds. */
static gint64
tick_step (gint64 span_s,
           guint  max_ticks)
{
  static const gint64 steps[] = {
    1, 2, 5, 10, 15, 30, 60, 2 * 60, 5 * 60, 10 * 60, 15 * 60, 30 * 60, 3600, 2 * 3600, 3 * 3600,
    6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400,
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span_s / steps[i] < max_ticks)
      return steps[i];
  return span_s / (max_ticks - 1) + 1;
}

/* Ticks at round local times with their time (seconds when the step is shorter than a minute)
   and, on the first tick and wherever the day changes, their date. */
static void
add_ticks (FbHistoryBar *self)
{
  gint64 first_s = self->first / G_USEC_PER_SEC;
  gint64 last_s = self->last / G_USEC_PER_SEC;
  gint64 step = tick_step (MAX (last_s - first_s, 1), self->max_ticks);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (first_s);
  int previous_day = -1;
  gint64 offset;
  gint64 t;

  if (start == NULL)
    return;
  /* Round in local time, so that "07:00" and midnight land on the marks. */
  offset = g_date_time_get_utc_offset (start) / G_TIME_SPAN_SECOND;
  t = ((first_s + offset + step - 1) / step) * step - offset;
  for (; t <= last_s; t += step)
    {
      g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (t);
      g_autofree char *text = NULL;
      g_autofree char *markup = NULL;
      int day = local != NULL ? g_date_time_get_day_of_year (local) : -1;

      if (local == NULL)
        continue;
      if (day != previous_day && step >= 86400)
        /* Translators: a date under the history's timeline (strftime), e.g. "Nov 24" */
        /* xgettext:no-c-format */
        text = g_date_time_format (local, _("%b %-d"));
      else if (day != previous_day)
        /* Translators: a date and time under the history's timeline (strftime), e.g. "Nov 24 07:00" */
        text = g_date_time_format (local, step < 60 ? _("%b %-d %H:%M:%S") : _("%b %-d %H:%M"));
      else
        text = g_date_time_format (local, step < 60 ? "%H:%M:%S" : "%H:%M");
      previous_day = day;
      markup = g_markup_printf_escaped ("<small>%s</small>", text);
      gtk_scale_add_mark (self->timeline, (double) t, GTK_POS_BOTTOM, markup);
    }
}

static void
set_marks (FbHistoryBar *self)
{
  gtk_scale_clear_marks (self->timeline);
  add_ticks (self);
  for (guint i = 0; self->marks != NULL && i < self->marks->len; i++)
    gtk_scale_add_mark (self->timeline, g_array_index (self->marks, gint64, i) / 1e6, GTK_POS_TOP, NULL);
}

static gboolean
fb_history_bar_ticks_cb (gpointer user_data)
{
  FbHistoryBar *self = user_data;

  self->ticks_id = 0;
  if (self->first != 0 || self->last != 0)
    set_marks (self);
  return G_SOURCE_REMOVE;
}

void
fb_history_bar_show_viewing (FbHistoryBar *self,
                             gint64        at,
                             gint64        first,
                             gint64        last,
                             GArray       *marks)
{
  g_autofree char *when = NULL;

  g_return_if_fail (FB_IS_HISTORY_BAR (self));

  when = fb_format_local_time (at, g_get_real_time (), TRUE);
  gtk_label_set_label (self->label, _("Viewing"));
  fb_date_time_entry_set_bounds (self->instant_entry, first, last);
  fb_date_time_entry_set_time (self->instant_entry, at);

  /* Seconds on the scale: doubles hold them exactly enough. */
  last = MAX (last, first + G_USEC_PER_SEC);
  if (first != self->first || last != self->last || marks != NULL)
    {
      self->first = first;
      self->last = last;
      gtk_range_set_range (GTK_RANGE (self->timeline), first / 1e6, last / 1e6);
      if (marks != NULL)
        {
          g_clear_pointer (&self->marks, g_array_unref);
          self->marks = g_array_ref (marks);
        }
      set_marks (self);
    }
  gtk_range_set_increments (GTK_RANGE (self->timeline), 1, 60);
  if (self->seek_id == 0)
    gtk_range_set_value (GTK_RANGE (self->timeline), at / 1e6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->timeline), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, when, -1);

  set_viewing (self, TRUE);
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
  set_viewing (self, FALSE);
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
fb_history_bar_change_value_cb (FbHistoryBar  *self,
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
fb_history_bar_time_chosen_cb (FbHistoryBar    *self,
                               gint64           time,
                               FbDateTimeEntry *entry)
{
  g_clear_handle_id (&self->seek_id, g_source_remove);
  g_signal_emit (self, signals[SEEK], 0, time);
}

static void
fb_history_bar_dispose (GObject *object)
{
  FbHistoryBar *self = FB_HISTORY_BAR (object);

  g_clear_handle_id (&self->seek_id, g_source_remove);
  g_clear_handle_id (&self->ticks_id, g_source_remove);
  g_clear_pointer (&self->marks, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_HISTORY_BAR);

  G_OBJECT_CLASS (fb_history_bar_parent_class)->dispose (object);
}

/* A bin (the revealer) that also learns the timeline's width: the ticks follow it, in an idle
   (marks added during an allocation would ask for another). */
static void
fb_history_bar_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (FB_HISTORY_BAR (widget)->revealer), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
fb_history_bar_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  FbHistoryBar *self = FB_HISTORY_BAR (widget);
  guint max_ticks;

  gtk_widget_allocate (GTK_WIDGET (self->revealer), width, height, baseline, NULL);
  max_ticks = CLAMP (gtk_widget_get_width (GTK_WIDGET (self->timeline)) / TICK_WIDTH, 2, MAX_TICKS);
  if (max_ticks != self->max_ticks && gtk_widget_get_width (GTK_WIDGET (self->timeline)) > 0)
    {
      self->max_ticks = max_ticks;
      if (self->ticks_id == 0)
        self->ticks_id = g_idle_add (fb_history_bar_ticks_cb, self);
    }
}

static void
fb_history_bar_class_init (FbHistoryBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_history_bar_dispose;
  widget_class->measure = fb_history_bar_measure;
  widget_class->size_allocate = fb_history_bar_size_allocate;

  g_type_ensure (FB_TYPE_DATE_TIME_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-history-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, bar);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, label);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, instant_entry);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, timeline_box);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryBar, timeline);
  gtk_widget_class_bind_template_callback (widget_class, fb_history_bar_change_value_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_history_bar_time_chosen_cb);

  signals[SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
fb_history_bar_init (FbHistoryBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The fewest until the timeline has a width: more ticks would widen the window first. */
  self->max_ticks = 2;
}

GtkWidget *
fb_history_bar_new (void)
{
  return g_object_new (FB_TYPE_HISTORY_BAR, NULL);
}
