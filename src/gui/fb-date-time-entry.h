/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-date-time-entry.h: a date and time to type ("2026-11-24 07:02:13", local time) or to pick
   from a calendar with hours, minutes and seconds; the history's timeline and its export range
   use it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_DATE_TIME_ENTRY (fb_date_time_entry_get_type ())
G_DECLARE_FINAL_TYPE (FbDateTimeEntry, fb_date_time_entry, FB, DATE_TIME_ENTRY, GtkWidget)

GtkWidget *fb_date_time_entry_new        (void);
/* µs since the epoch; 0 while nothing valid was given. Property "time". */
gint64     fb_date_time_entry_get_time   (FbDateTimeEntry *self);
/* Shows @time (clamped to the bounds when they are set); no "time-chosen". */
void       fb_date_time_entry_set_time   (FbDateTimeEntry *self,
                                          gint64           time);
/* The earliest and latest instant that may be chosen; 0 = no bound. */
void       fb_date_time_entry_set_bounds (FbDateTimeEntry *self,
                                          gint64           lower,
                                          gint64           upper);
/* FALSE while the typed text is not a date and time. Property "valid". */
gboolean   fb_date_time_entry_get_valid  (FbDateTimeEntry *self);
/* Takes what is typed now (as Enter would); FALSE when it is not a date and time. */
gboolean   fb_date_time_entry_commit     (FbDateTimeEntry *self);
/* Property "label" (write-only): the entry's accessible name ("From", "Instant shown"). */
/* Signal "time-chosen" (gint64 time): the person typed or picked an instant. */

/* "2026-11-24 07:02:13[.250]" (local time) or RFC 3339 → µs since the epoch; FALSE when neither. */
gboolean   fb_date_time_parse            (const char      *text,
                                          gint64          *out);
/* The text the entry shows for @time: local "%Y-%m-%d %H:%M:%S", with milliseconds when any. */
char      *fb_date_time_format           (gint64           time);

G_END_DECLS
