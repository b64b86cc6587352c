/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-overview-page.c: the figures come from fb_order_overview_summarize (), computed at most
 * every REFRESH_DELAY_MS after a batch changed the fold, and once a second while the page is
 * on screen (windows slide, orders age into stuck). Nothing is computed while it is hidden. */
#define G_LOG_DOMAIN "fb-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-ledger-overview.h"
#include "fb-overview-page.h"
#include "fb-rate-chart.h"
#include "fb-second-clock.h"
#include "fb-settings.h"
#include "fb-status-badge.h"
#include "fb-stuck-item.h"

#define REFRESH_DELAY_MS 250

struct _FbOverviewPage
{
  GtkWidget        parent_instance;

  GtkLabel        *scope_label;
  GtkFlowBox      *status_box;
  GtkFlowBox      *figures_box;
  GtkLabel        *rate_value;
  GtkLabel        *median_value;
  GtkLabel        *p95_value;
  GtkLabel        *cancelled_value;
  FbRateChart     *chart;
  GtkLabel        *chart_peak_label;
  GtkLabel        *stuck_label;
  GtkStack        *stuck_stack;
  GtkListView     *stuck_view;

  GListStore      *stuck;            /* FbStuckItem */
  GHashTable      *status_buttons;   /* status → GtkButton (owned by the flow box) */
  FbOrderOverview *live;
  FbOrderOverview *past;
  gint64           past_at;
  GSettings       *settings;
  GCancellable    *reading;          /* the past being read from the history */
  guint            refresh_id;
  FbSecondClock   *clock;            /* held while live and on screen */
  gulong           tick_id;
};

G_DEFINE_FINAL_TYPE (FbOverviewPage, fb_overview_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void fb_overview_page_refresh_cb (FbOverviewPage *self);

/* "4.5 s", "45 s", "4 min 10 s", "1 h 5 min". */
static char *
format_duration (double seconds)
{
  guint s = (guint) (seconds + 0.5);

  /* Tenths while they matter (the demo's orders take seconds). */
  if (seconds < 9.95)
    /* Translators: a duration in seconds, with tenths: "4.5 s". */
    return g_strdup_printf (_("%.1f s"), seconds);
  if (s < 60)
    /* Translators: a duration in seconds: "45 s". */
    return g_strdup_printf (_("%u s"), s);
  if (s < 3600 && s % 60 != 0)
    /* Translators: a duration in minutes and seconds: "4 min 10 s". */
    return g_strdup_printf (_("%u min %u s"), s / 60, s % 60);
  if (s < 3600)
    /* Translators: a duration in minutes: "4 min". */
    return g_strdup_printf (_("%u min"), s / 60);
  /* Translators: a duration in hours and minutes: "1 h 5 min". */
  return g_strdup_printf (_("%u h %u min"), s / 3600, (s % 3600) / 60);
}

static guint
stuck_after_minutes (FbOverviewPage *self)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, "stuck-after-minutes")
                                : (guint) (FB_ORDER_OVERVIEW_DEFAULT_STUCK_AFTER / (60 * G_USEC_PER_SEC));
}

/* -- counts per status -- */

static void
status_button_set_count (GtkWidget  *button,
                         const char *status,
                         guint       count)
{
  g_autofree char *number = g_strdup_printf ("%u", count);
  g_autofree char *name = NULL;

  gtk_label_set_label (g_object_get_data (G_OBJECT (button), "count-label"), number);
  /* Translators: a status and how many orders are in it, e.g. "In kitchen: 3 orders". */
  name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u order", "%s: %u orders", count),
                          fb_order_status_label (status), count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static GtkWidget *
status_button_new (FbOverviewPage *self,
                   const char     *status)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *count = gtk_label_new ("0");
  GtkWidget *badge = fb_status_badge_new ();

  gtk_widget_add_css_class (count, "title-2");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_halign (badge, GTK_ALIGN_CENTER);
  fb_status_badge_set_status (FB_STATUS_BADGE (badge), status);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "overview-status");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-orders-with-status");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", status);
  gtk_widget_set_tooltip_text (button, _("Show these orders"));
  g_object_set_data (G_OBJECT (button), "count-label", count);
  status_button_set_count (button, status, 0);
  gtk_flow_box_append (self->status_box, button);
  /* Tab goes to the button, not first to the flow box's cell around it. */
  gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
  g_hash_table_insert (self->status_buttons, g_strdup (status), button);
  return button;
}

static void
update_counts (FbOverviewPage *self,
               FbOrderSummary *summary)
{
  for (guint i = 0; i < summary->counts->len; i++)
    {
      FbOrderStatusCount *count = g_ptr_array_index (summary->counts, i);
      GtkWidget *button = g_hash_table_lookup (self->status_buttons, count->status);
      g_autofree char *number = g_strdup_printf ("%u", count->count);

      if (button == NULL)
        button = status_button_new (self, count->status);
      if (g_strcmp0 (gtk_label_get_label (g_object_get_data (G_OBJECT (button), "count-label")), number) != 0)
        status_button_set_count (button, count->status, count->count);
    }
}

/* -- the last hour -- */

/* The bars are scaled to the busiest minute: say how many that is. */
static void
update_chart_scale (FbOverviewPage *self,
                    FbOrderSummary *summary)
{
  g_autofree char *words = NULL;
  guint max = 0;

  for (guint i = 0; i < summary->n_minutes; i++)
    max = MAX (max, summary->created_per_minute[i]);
  if (max > 0)
    /* Translators: the tallest bar of the per-minute chart, e.g. "Busiest minute: 112". */
    words = g_strdup_printf (_("Busiest minute: %u"), max);
  gtk_label_set_label (self->chart_peak_label, words != NULL ? words : "");
}

static void
update_figures (FbOverviewPage *self,
                FbOrderSummary *summary)
{
  g_autofree char *rate = g_strdup_printf ("%.1f", summary->orders_per_minute);
  g_autofree char *median = summary->completed > 0 ? format_duration (summary->p50_seconds) : g_strdup ("—");
  g_autofree char *p95 = summary->completed > 0 ? format_duration (summary->p95_seconds) : g_strdup ("—");
  guint finished = summary->completed + summary->cancelled;
  g_autofree char *cancelled = NULL;
  g_autofree char *cancelled_words = NULL;
  g_autofree char *completed_words = NULL;

  gtk_label_set_label (self->rate_value, rate);
  gtk_label_set_label (self->median_value, median);
  gtk_label_set_label (self->p95_value, p95);
  /* Translators: how many orders completed in the last hour, for the median and percentile. */
  completed_words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Over %u order completed in the last hour",
                                                  "Over %u orders completed in the last hour", summary->completed),
                                     summary->completed);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->median_value), completed_words);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->p95_value), completed_words);

  if (finished > 0)
    /* Translators: a percentage, e.g. "8 %". */
    cancelled = g_strdup_printf (_("%u %%"), (guint) (100.0 * summary->cancelled / finished + 0.5));
  else
    cancelled = g_strdup ("—");
  gtk_label_set_label (self->cancelled_value, cancelled);
  /* Translators: e.g. "6 of 80 orders finished in the last hour were cancelled". */
  cancelled_words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u of %u order finished in the last hour was cancelled",
                                                  "%u of %u orders finished in the last hour were cancelled",
                                                  finished),
                                     summary->cancelled, finished);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancelled_value), cancelled_words);

  fb_rate_chart_set_values (self->chart, summary->created_per_minute, summary->n_minutes, summary->at);
  update_chart_scale (self, summary);
}

/* -- stuck orders -- */

static gboolean
stuck_unchanged (FbOverviewPage *self,
                 FbOrderSummary *summary)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->stuck)) != summary->stuck->len)
    return FALSE;
  for (guint i = 0; i < summary->stuck->len; i++)
    {
      g_autoptr(FbStuckItem) item = g_list_model_get_item (G_LIST_MODEL (self->stuck), i);
      FbStuckOrder *stuck = g_ptr_array_index (summary->stuck, i);

      if (g_strcmp0 (fb_stuck_item_get_order_id (item), stuck->order_id) != 0
          || g_strcmp0 (fb_stuck_item_get_status (item), stuck->status) != 0
          || fb_stuck_item_get_since (item) != stuck->since)
        return FALSE;
    }
  return TRUE;
}

static void
update_stuck (FbOverviewPage *self,
              FbOrderSummary *summary)
{
  guint minutes = (guint) (summary->stuck_after / (60 * G_USEC_PER_SEC));
  g_autofree char *words = NULL;

  if (summary->n_stuck > summary->stuck->len)
    /* Translators: more stuck orders than the list shows. */
    words = g_strdup_printf (_("The oldest %u of %u, not updated for over %u min"), summary->stuck->len,
                             summary->n_stuck, minutes);
  else if (summary->n_stuck > 0)
    words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u not updated for over %u min, oldest first",
                                          "%u not updated for over %u min, oldest first", summary->n_stuck),
                             summary->n_stuck, minutes);
  else
    words = g_strdup_printf (_("None is waiting for over %u min"), minutes);
  gtk_label_set_label (self->stuck_label, words);
  gtk_stack_set_visible_child_name (self->stuck_stack, summary->n_stuck > 0 ? "list" : "none");

  if (!stuck_unchanged (self, summary))
    {
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < summary->stuck->len; i++)
        {
          FbStuckOrder *stuck = g_ptr_array_index (summary->stuck, i);

          g_ptr_array_add (items, fb_stuck_item_new (stuck->order_id, stuck->status, stuck->since));
        }
      g_list_store_splice (self->stuck, 0, g_list_model_get_n_items (G_LIST_MODEL (self->stuck)),
                           items->pdata, items->len);
    }
}

static void
fb_overview_page_stuck_setup_cb (FbOverviewPage *self,
                                 GtkListItem    *list_item)
{
  /* A group keeps the name the bind gives it on GTK 4.18 too, which drops a generic box's. */
  GtkWidget *box = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_HORIZONTAL, "spacing", 12,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP, NULL);
  GtkWidget *id = gtk_label_new (NULL);
  GtkWidget *badge = fb_status_badge_new ();
  GtkWidget *since = gtk_label_new (NULL);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (id), 0);
  gtk_label_set_ellipsize (GTK_LABEL (id), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (id, TRUE);
  gtk_widget_add_css_class (id, "monospace");
  gtk_widget_add_css_class (since, "dim-label");
  gtk_widget_add_css_class (since, "numeric");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (box), id);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_box_append (GTK_BOX (box), since);
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_list_item_set_child (list_item, box);
}

static void
fb_overview_page_stuck_bind_cb (FbOverviewPage *self,
                                GtkListItem    *list_item)
{
  FbStuckItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *id = gtk_widget_get_first_child (box);
  GtkWidget *badge = gtk_widget_get_next_sibling (id);
  GtkWidget *since = gtk_widget_get_next_sibling (badge);
  gint64 now = self->past != NULL ? self->past_at : g_get_real_time ();
  g_autofree char *time = fb_format_local_time (fb_stuck_item_get_since (item), now, FALSE);
  g_autofree char *since_words = NULL;
  g_autofree char *name = NULL;

  gtk_label_set_label (GTK_LABEL (id), fb_stuck_item_get_order_id (item));
  fb_status_badge_set_status (FB_STATUS_BADGE (badge), fb_stuck_item_get_status (item));
  /* Translators: when a stuck order was last updated, e.g. "since 14:02:11". */
  since_words = g_strdup_printf (_("since %s"), time);
  gtk_label_set_label (GTK_LABEL (since), since_words);
  /* Translators: a stuck order for a screen reader: its id, its status, its last update. */
  name = g_strdup_printf (_("Order %s, %s since %s"), fb_stuck_item_get_order_id (item),
                          fb_order_status_label (fb_stuck_item_get_status (item)), time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_tooltip_text (box, _("Show this order’s history"));
}

static void
fb_overview_page_stuck_activate_cb (FbOverviewPage *self,
                                    guint           position)
{
  g_autoptr(FbStuckItem) item = g_list_model_get_item (G_LIST_MODEL (self->stuck), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-order", "s", fb_stuck_item_get_order_id (item));
}

/* -- refreshing -- */

static void
fb_overview_page_refresh_cb (FbOverviewPage *self)
{
  FbOrderOverview *source = self->past != NULL ? self->past : self->live;
  gint64 at = self->past != NULL ? self->past_at : g_get_real_time ();
  g_autoptr(FbOrderSummary) summary = NULL;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (source == NULL)
    return;

  summary = fb_order_overview_summarize (source, at, FB_ORDER_OVERVIEW_DEFAULT_WINDOW,
                                         (gint64) stuck_after_minutes (self) * 60 * G_USEC_PER_SEC,
                                         FB_OVERVIEW_PAGE_MAX_STUCK);
  update_counts (self, summary);
  update_figures (self, summary);
  update_stuck (self, summary);
}

static gboolean
refresh_cb (gpointer data)
{
  FbOverviewPage *self = data;

  self->refresh_id = 0;
  fb_overview_page_refresh_cb (self);
  return G_SOURCE_REMOVE;
}

static void
fb_overview_page_tick_cb (FbOverviewPage *self,
                          FbSecondClock  *clock)
{
  g_assert (FB_IS_OVERVIEW_PAGE (self));

  fb_overview_page_refresh_cb (self);
}

static void
fb_overview_page_stop_tick (FbOverviewPage *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->tick_id, self->clock);
  g_clear_object (&self->clock);
}

/* Live and on screen: the app's clock, a tick a second; otherwise none. */
static void
fb_overview_page_update_tick (FbOverviewPage *self)
{
  gboolean want = self->past == NULL && self->live != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && self->clock == NULL)
    {
      self->clock = fb_second_clock_dup_default ();
      self->tick_id = g_signal_connect_object (self->clock, "tick", G_CALLBACK (fb_overview_page_tick_cb), self,
                                               G_CONNECT_SWAPPED);
    }
  else if (!want)
    fb_overview_page_stop_tick (self);
}

static void
fb_overview_page_overview_changed_cb (FbOverviewPage *self)
{
  if (self->past == NULL && self->refresh_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_cb, self);
}

void
fb_overview_page_set_overview (FbOverviewPage  *self,
                               FbOrderOverview *overview)
{
  g_return_if_fail (FB_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (overview == NULL || FB_IS_ORDER_OVERVIEW (overview));

  if (self->live == overview)
    return;
  if (self->live != NULL)
    g_signal_handlers_disconnect_by_data (self->live, self);
  g_set_object (&self->live, overview);
  if (self->past == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
  if (overview != NULL)
    g_signal_connect_object (overview, "changed", G_CALLBACK (fb_overview_page_overview_changed_cb), self, G_CONNECT_SWAPPED);
  fb_overview_page_update_tick (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    fb_overview_page_refresh_cb (self);
}

void
fb_overview_page_show_past (FbOverviewPage  *self,
                            FbOrderOverview *past,
                            gint64           at)
{
  g_autofree char *scope = NULL;

  g_return_if_fail (FB_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (past == NULL || FB_IS_ORDER_OVERVIEW (past));

  if (g_set_object (&self->past, past))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
  self->past_at = at;
  if (past != NULL)
    {
      g_autofree char *when = fb_format_local_time (at, g_get_real_time (), FALSE);

      /* Translators: the overview of a past instant, e.g. "As of 14:02:11". */
      scope = g_strdup_printf (_("As of %s"), when);
    }
  gtk_label_set_label (self->scope_label, scope != NULL ? scope : _("Live"));
  fb_overview_page_update_tick (self);
  fb_overview_page_refresh_cb (self);
}

static void
fb_overview_page_past_read_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(FbOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbOrderOverview) past = fb_ledger_read_overview_finish (FB_LEDGER (source), result, &error);

  /* Cancelled: a newer instant was asked for, or live again, or the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reading);
  if (past == NULL)
    g_debug ("Could not read the overview of the past: %s", error->message);
  else
    fb_overview_page_show_past (self, past, self->past_at);
}

void
fb_overview_page_view_at (FbOverviewPage *self,
                          FbLedger       *ledger,
                          gint64          at)
{
  g_return_if_fail (FB_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (ledger == NULL || FB_IS_LEDGER (ledger));

  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (ledger == NULL)
    {
      fb_overview_page_show_past (self, NULL, 0);
      return;
    }
  self->reading = g_cancellable_new ();
  self->past_at = at;
  fb_ledger_read_overview_async (ledger, at, FB_ORDER_OVERVIEW_DEFAULT_WINDOW, self->reading, fb_overview_page_past_read_cb,
                                 g_object_ref (self));
}

static void
fb_overview_page_map (GtkWidget *widget)
{
  FbOverviewPage *self = FB_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (fb_overview_page_parent_class)->map (widget);
  fb_overview_page_refresh_cb (self);
  fb_overview_page_update_tick (self);
}

static void
fb_overview_page_unmap (GtkWidget *widget)
{
  FbOverviewPage *self = FB_OVERVIEW_PAGE (widget);

  fb_overview_page_stop_tick (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (fb_overview_page_parent_class)->unmap (widget);
}

static void
fb_overview_page_dispose (GObject *object)
{
  FbOverviewPage *self = FB_OVERVIEW_PAGE (object);
  GtkWidget *child;

  fb_overview_page_stop_tick (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (self->live != NULL)
    g_signal_handlers_disconnect_by_data (self->live, self);
  g_clear_object (&self->live);
  g_clear_object (&self->past);
  g_clear_object (&self->settings);
  g_clear_object (&self->stuck);
  g_clear_pointer (&self->status_buttons, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_OVERVIEW_PAGE);
  /* The template's root has no id: dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_overview_page_parent_class)->dispose (object);
}

FbOrderOverview *
fb_overview_page_get_shown (FbOverviewPage *self)
{
  g_return_val_if_fail (FB_IS_OVERVIEW_PAGE (self), NULL);

  return self->past != NULL ? self->past : self->live;
}

static void
fb_overview_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SHOWN:
      g_value_set_object (value, fb_overview_page_get_shown (FB_OVERVIEW_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_overview_page_class_init (FbOverviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_overview_page_dispose;
  object_class->get_property = fb_overview_page_get_property;
  /* The fold shown: the live one, or the past instant's once read (FbStatusCounts can follow it). */
  properties[PROP_SHOWN] =
    g_param_spec_object ("shown", NULL, NULL, FB_TYPE_ORDER_OVERVIEW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = fb_overview_page_map;
  widget_class->unmap = fb_overview_page_unmap;

  g_type_ensure (FB_TYPE_RATE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, scope_label);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, status_box);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, rate_value);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, median_value);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, p95_value);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, cancelled_value);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, chart);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, chart_peak_label);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, stuck_label);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, stuck_stack);
  gtk_widget_class_bind_template_child (widget_class, FbOverviewPage, stuck_view);
  gtk_widget_class_bind_template_callback (widget_class, fb_overview_page_stuck_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_overview_page_stuck_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_overview_page_stuck_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_overview_page_init (FbOverviewPage *self)
{
  const char * const *statuses = fb_order_statuses ();
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The figures are read, not chosen: their cells take no keyboard focus. */
  for (GtkWidget *cell = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box)); cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    gtk_widget_set_focusable (cell, FALSE);

  self->status_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; statuses[i] != NULL; i++)
    status_button_new (self, statuses[i]);

  self->stuck = g_list_store_new (FB_TYPE_STUCK_ITEM);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->stuck))));
  gtk_list_view_set_model (self->stuck_view, selection);

  self->settings = fb_settings_new_if_installed ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::stuck-after-minutes", G_CALLBACK (fb_overview_page_refresh_cb),
                             self, G_CONNECT_SWAPPED);
}

GtkWidget *
fb_overview_page_new (void)
{
  return g_object_new (FB_TYPE_OVERVIEW_PAGE, NULL);
}
