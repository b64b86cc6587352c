/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-date-time-entry.c: an instant a person types or picks. The entry is the truth while it is
 * edited; Enter (or leaving it) commits it, and the calendar and the spin buttons commit at once.
 * Times are local, shown to the second, with milliseconds when the instant has them (history
 * events do, and two of them may share a second). */
#define G_LOG_DOMAIN "fb-date-time-entry"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fb-date-time-entry.h"

struct _FbDateTimeEntry
{
  GtkWidget      parent_instance;

  GtkEntry      *entry;
  GtkMenuButton *calendar_button;
  GtkCalendar   *calendar;
  GtkSpinButton *hour_spin;
  GtkSpinButton *minute_spin;
  GtkSpinButton *second_spin;

  gint64         time;
  gint64         lower;
  gint64         upper;
  gboolean       valid;
  gboolean       updating;    /* the widgets follow a new time: their signals are not choices */
};

G_DEFINE_FINAL_TYPE (FbDateTimeEntry, fb_date_time_entry, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIME,
  PROP_VALID,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TIME_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
fb_date_time_parse (const char *text,
                    gint64     *out)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  int y, mo, d, h, mi, n = 0;
  double s = 0;

  time = g_date_time_new_from_iso8601 (stripped, local);
  if (time == NULL && (sscanf (stripped, "%d-%d-%d %d:%d:%lf%n", &y, &mo, &d, &h, &mi, &s, &n) == 6
                       || sscanf (stripped, "%d-%d-%d %d:%d%n", &y, &mo, &d, &h, &mi, &n) == 5)
      && stripped[n] == '\0')
    time = g_date_time_new_local (y, mo, d, h, mi, s);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static GDateTime *
local_date_time (gint64 time)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_local (time / G_USEC_PER_SEC);

  return seconds != NULL ? g_date_time_add (seconds, time % G_USEC_PER_SEC) : NULL;
}

char *
fb_date_time_format (gint64 time)
{
  g_autoptr(GDateTime) local = local_date_time (time);
  g_autofree char *text = NULL;
  int ms;

  if (local == NULL)
    return g_strdup ("");
  text = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  ms = g_date_time_get_microsecond (local) / 1000;
  return ms != 0 ? g_strdup_printf ("%s.%03d", text, ms) : g_steal_pointer (&text);
}

static void
fb_date_time_entry_set_valid (FbDateTimeEntry *self,
                              gboolean         valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  valid ? "" : _("Not a date and time: type one such as 2026-11-24 07:02:13"),
                                  -1);
  if (self->valid == valid)
    return;
  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

/* The entry, the calendar and the spin buttons show self->time. */
static void
fb_date_time_entry_show (FbDateTimeEntry *self)
{
  g_autoptr(GDateTime) local = self->time > 0 ? local_date_time (self->time) : NULL;
  g_autofree char *text = self->time > 0 ? fb_date_time_format (self->time) : g_strdup ("");

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  if (local != NULL)
    {
      gtk_calendar_select_day (self->calendar, local);
      gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (local));
      gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (local));
      gtk_spin_button_set_value (self->second_spin, g_date_time_get_second (local));
    }
  self->updating = FALSE;
  fb_date_time_entry_set_valid (self, TRUE);
}

static gint64
fb_date_time_entry_clamp (FbDateTimeEntry *self,
                          gint64           time)
{
  if (self->lower > 0 && time < self->lower)
    time = self->lower;
  if (self->upper > 0 && time > self->upper)
    time = self->upper;
  return time;
}

static void
fb_date_time_entry_take (FbDateTimeEntry *self,
                         gint64           time,
                         gboolean         chosen)
{
  time = fb_date_time_entry_clamp (self, time);
  if (self->time != time)
    {
      self->time = time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
    }
  fb_date_time_entry_show (self);
  if (chosen)
    g_signal_emit (self, signals[TIME_CHOSEN], 0, time);
}

gboolean
fb_date_time_entry_commit (FbDateTimeEntry *self)
{
  gint64 time;

  g_return_val_if_fail (FB_IS_DATE_TIME_ENTRY (self), FALSE);

  /* The text shows milliseconds; the time it shows may have microseconds (an event's): keep it. */
  if (self->time > 0)
    {
      g_autofree char *shown = fb_date_time_format (self->time);

      if (g_str_equal (shown, gtk_editable_get_text (GTK_EDITABLE (self->entry))))
        {
          fb_date_time_entry_take (self, self->time, TRUE);
          return TRUE;
        }
    }
  if (!fb_date_time_parse (gtk_editable_get_text (GTK_EDITABLE (self->entry)), &time))
    {
      fb_date_time_entry_set_valid (self, FALSE);
      return FALSE;
    }
  fb_date_time_entry_take (self, time, TRUE);
  return TRUE;
}

static void
fb_date_time_entry_activate_cb (FbDateTimeEntry *self)
{
  if (!fb_date_time_entry_commit (self))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* While typing, only whether it reads as a date and time (for an Export button, say). */
static void
fb_date_time_entry_changed_cb (FbDateTimeEntry *self)
{
  gint64 time;

  if (!self->updating)
    fb_date_time_entry_set_valid (self, fb_date_time_parse (gtk_editable_get_text (GTK_EDITABLE (self->entry)),
                                                            &time));
}

static void
fb_date_time_entry_popover_show_cb (FbDateTimeEntry *self)
{
  /* What was typed and not committed yet is where the calendar opens. */
  fb_date_time_entry_commit (self);
}

static void
fb_date_time_entry_picked_cb (FbDateTimeEntry *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) picked = NULL;

  if (self->updating)
    return;
  day = gtk_calendar_get_date (self->calendar);
  picked = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                  g_date_time_get_day_of_month (day), gtk_spin_button_get_value_as_int (self->hour_spin),
                                  gtk_spin_button_get_value_as_int (self->minute_spin),
                                  gtk_spin_button_get_value_as_int (self->second_spin));
  if (picked != NULL)
    fb_date_time_entry_take (self, g_date_time_to_unix (picked) * G_USEC_PER_SEC, TRUE);
}

static void
fb_date_time_entry_focus_leave_cb (FbDateTimeEntry *self)
{
  g_autofree char *shown = self->time > 0 ? fb_date_time_format (self->time) : g_strdup ("");

  /* Leaving the entry takes what was typed, as Enter does, when it is something new. */
  if (g_strcmp0 (shown, gtk_editable_get_text (GTK_EDITABLE (self->entry))) != 0)
    fb_date_time_entry_commit (self);
}

gint64
fb_date_time_entry_get_time (FbDateTimeEntry *self)
{
  g_return_val_if_fail (FB_IS_DATE_TIME_ENTRY (self), 0);
  return self->time;
}

void
fb_date_time_entry_set_time (FbDateTimeEntry *self,
                             gint64           time)
{
  g_return_if_fail (FB_IS_DATE_TIME_ENTRY (self));
  fb_date_time_entry_take (self, time, FALSE);
}

void
fb_date_time_entry_set_bounds (FbDateTimeEntry *self,
                               gint64           lower,
                               gint64           upper)
{
  g_return_if_fail (FB_IS_DATE_TIME_ENTRY (self));

  self->lower = lower;
  self->upper = upper;
  if (self->time > 0 && fb_date_time_entry_clamp (self, self->time) != self->time)
    fb_date_time_entry_take (self, self->time, FALSE);
}

gboolean
fb_date_time_entry_get_valid (FbDateTimeEntry *self)
{
  g_return_val_if_fail (FB_IS_DATE_TIME_ENTRY (self), FALSE);
  return self->valid;
}

static void
fb_date_time_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FbDateTimeEntry *self = FB_DATE_TIME_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_date_time_entry_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FbDateTimeEntry *self = FB_DATE_TIME_ENTRY (object);

  switch (prop_id)
    {
    case PROP_TIME:
      fb_date_time_entry_set_time (self, g_value_get_int64 (value));
      break;
    case PROP_LABEL:
      /* What the typed time is, for screen readers: "From", "Instant shown". */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_value_get_string (value), -1);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
fb_date_time_entry_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (FB_DATE_TIME_ENTRY (widget)->entry));
}

static void
fb_date_time_entry_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), FB_TYPE_DATE_TIME_ENTRY);
  /* dispose_template () only unparents children with an id; the top box has none. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_date_time_entry_parent_class)->dispose (object);
}

static void
fb_date_time_entry_class_init (FbDateTimeEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_date_time_entry_dispose;
  object_class->get_property = fb_date_time_entry_get_property;
  object_class->set_property = fb_date_time_entry_set_property;
  widget_class->grab_focus = fb_date_time_entry_grab_focus;

  properties[PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TIME_CHOSEN] = g_signal_new ("time-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-date-time-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, FbDateTimeEntry, entry);
  gtk_widget_class_bind_template_child (widget_class, FbDateTimeEntry, calendar_button);
  gtk_widget_class_bind_template_child (widget_class, FbDateTimeEntry, calendar);
  gtk_widget_class_bind_template_child (widget_class, FbDateTimeEntry, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, FbDateTimeEntry, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, FbDateTimeEntry, second_spin);
  gtk_widget_class_bind_template_callback (widget_class, fb_date_time_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_date_time_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_date_time_entry_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_date_time_entry_picked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_date_time_entry_init (FbDateTimeEntry *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->valid = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (focus, "leave", G_CALLBACK (fb_date_time_entry_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);
}

GtkWidget *
fb_date_time_entry_new (void)
{
  return g_object_new (FB_TYPE_DATE_TIME_ENTRY, NULL);
}
