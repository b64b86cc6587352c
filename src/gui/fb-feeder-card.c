/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-card.c: a feeder's card. A feed button stays insensitive and shows a spinner while
 * its command is in flight (FbFeedSender also refuses a second command for that bowl), so a
 * double click or a key repeat feeds once; the other bowls stay usable. */
#define G_LOG_DOMAIN "fb-feeder-card"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-describe.h"
#include "fb-feeder-card.h"
#include "fb-feeder-trend.h"
#include "fb-format.h"
#include "fb-second-clock.h"

struct _FbFeederCard
{
  GtkWidget     parent_instance;

  GtkLabel     *name_label;
  GtkLabel     *seen_label;
  GtkWidget    *stale_badge;
  GtkLevelBar  *food_bar;
  GtkLabel     *food_label;
  GtkLabel     *last_feed_label;
  FbFeederTrend *trend;
  GtkWidget    *buttons;
  GtkSpinner   *left_spinner;
  GtkSpinner   *right_spinner;
  GtkSpinner   *both_spinner;
  GtkExpander  *log_expander;
  GtkListBox   *log_list;

  FbFeeder     *feeder;
  FbFeedSender *sender;
  gint64        at;         /* the past instant shown; 0 = live */
  FbSecondClock *clock;     /* held while mapped */
  gulong        tick_id;
};

G_DEFINE_FINAL_TYPE (FbFeederCard, fb_feeder_card, GTK_TYPE_WIDGET)

static const char *const bowl_actions[] = { "card.feed-left", "card.feed-right", "card.feed-both" };

/* -- refresh -- */

/* "Now" for the card: the instant it shows. */
static gint64
fb_feeder_card_now (FbFeederCard *self)
{
  return self->at > 0 ? self->at : g_get_real_time ();
}

static void
fb_feeder_card_refresh_cb (FbFeederCard *self)
{
  gint64 now = fb_feeder_card_now (self);
  gint64 last_seen = fb_feeder_get_last_seen (self->feeder);
  int food = fb_feeder_get_food_capacity (self->feeder);
  g_autofree char *name = fb_feeder_dup_display_name (self->feeder);
  g_autofree char *seen = NULL;
  g_autofree char *food_text = NULL;
  g_autofree char *last_feed = NULL;

  gtk_label_set_label (self->name_label, name);

  if (last_seen == 0)
    seen = g_strdup (_("Not heard from yet"));
  else
    {
      g_autofree char *age = fb_format_age (last_seen, now);

      if (fb_feeder_get_stale (self->feeder))
        seen = g_strdup_printf (_("Nothing heard since %s"), age);
      else
        seen = g_strdup_printf (_("Last heard %s"), age);
    }
  gtk_label_set_label (self->seen_label, seen);
  gtk_widget_set_visible (self->stale_badge, fb_feeder_get_stale (self->feeder));

  gtk_widget_set_visible (GTK_WIDGET (self->food_bar), food >= 0);
  if (food >= 0)
    {
      gtk_level_bar_set_value (self->food_bar, food);
      /* Translators: food left in the feeder, in percent */
      food_text = g_strdup_printf (_("%d %%"), food);
    }
  else
    food_text = g_strdup (_("Level unknown"));
  gtk_label_set_label (self->food_label, food_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->food_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, food_text, -1);

  if (fb_feeder_get_last_feed (self->feeder) != NULL)
    {
      g_autofree char *when = fb_format_local_time (fb_feeder_get_last_feed_at (self->feeder), now, FALSE);

      /* Translators: "Last feed: Left bowl at 07:02:13"; seen on the backend's action topic */
      last_feed = g_strdup_printf (_("Last feed: %s at %s"),
                                   fb_click_type_title (fb_feeder_get_last_feed (self->feeder)), when);
    }
  else if (self->at > 0)
    last_feed = g_strdup (_("No feed recorded before this time"));
  else
    last_feed = g_strdup (_("No feed seen since Feedboard started"));
  gtk_label_set_label (self->last_feed_label, last_feed);
}

static void
fb_feeder_card_tick_cb (FbFeederCard  *self,
                        FbSecondClock *clock)
{
  g_assert (FB_IS_FEEDER_CARD (self));

  fb_feeder_card_refresh_cb (self);
}

static void
fb_feeder_card_stop_ticking (FbFeederCard *self)
{
  if (self->clock != NULL)
    g_clear_signal_handler (&self->tick_id, self->clock);
  g_clear_object (&self->clock);
}

/* -- the feed log -- */

static void
update_log_row (GtkLabel      *label,
                gint64         now,
                FbFeedCommand *command)
{
  g_autofree char *when = fb_format_local_time (fb_feed_command_get_created_at (command), now, FALSE);
  g_autofree char *outcome = fb_feed_command_describe (command);
  g_autofree char *text = g_strdup_printf ("%s · %s", when, outcome);

  gtk_label_set_label (label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_ACCEPTED)
    gtk_widget_add_css_class (GTK_WIDGET (label), "success");
}

static void
fb_feeder_card_log_command_state_cb (FbFeedCommand *command,
                                     GParamSpec    *pspec,
                                     GtkLabel      *label)
{
  update_log_row (label, g_get_real_time (), command);
}

static GtkWidget *
create_log_row (gpointer item,
                gpointer user_data)
{
  FbFeederCard *self = user_data;
  FbFeedCommand *command = item;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* A wrapping label asks for its whole text on one line: the card would grow to that. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  update_log_row (GTK_LABEL (label), fb_feeder_card_now (self), command);
  g_signal_connect_object (command, "notify::state", G_CALLBACK (fb_feeder_card_log_command_state_cb), label, 0);
  return label;
}

static void
fb_feeder_card_commands_changed_cb (FbFeederCard *self)
{
  g_autofree char *title = NULL;
  guint n = g_list_model_get_n_items (fb_feeder_get_commands (self->feeder));

  title = n == 0 ? g_strdup (_("Feed Log")) : g_strdup_printf (_("Feed Log (%u)"), n);
  gtk_expander_set_label (self->log_expander, title);
  /* GTK 4.8 names an expander "GtkExpander" otherwise. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->log_expander), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

/* -- feeding -- */

static GtkSpinner *
bowl_spinner (FbFeederCard *self,
              FbBowl        bowl)
{
  switch (bowl)
    {
    case FB_BOWL_LEFT: return self->left_spinner;
    case FB_BOWL_RIGHT: return self->right_spinner;
    default: return self->both_spinner;
    }
}

static void
set_in_flight (FbFeederCard *self,
               FbBowl        bowl,
               gboolean      in_flight)
{
  GtkSpinner *spinner = bowl_spinner (self, bowl);

  gtk_widget_set_visible (GTK_WIDGET (spinner), in_flight);
  gtk_spinner_set_spinning (spinner, in_flight);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), bowl_actions[bowl], !in_flight);
}

static void
fb_feeder_card_command_state_cb (FbFeedCommand *command,
                                 GParamSpec    *pspec,
                                 FbFeederCard  *self)
{
  if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_SENDING)
    return;
  set_in_flight (self, fb_feed_command_get_bowl (command), FALSE);
  g_signal_handlers_disconnect_by_func (command, fb_feeder_card_command_state_cb, self);
}

static void
feed (FbFeederCard *self,
      FbBowl        bowl)
{
  g_autoptr(FbFeedCommand) command = NULL;

  if (self->sender == NULL)
    return;

  command = fb_feed_sender_feed (self->sender, fb_feeder_get_id (self->feeder), bowl);
  gtk_expander_set_expanded (self->log_expander, TRUE);
  if (fb_feed_command_get_state (command) != FB_FEED_COMMAND_SENDING)
    return;

  set_in_flight (self, bowl, TRUE);
  g_signal_connect_object (command, "notify::state", G_CALLBACK (fb_feeder_card_command_state_cb), self, 0);
}

static void
feed_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (bowl_actions); i++)
    if (g_str_equal (action_name, bowl_actions[i]))
      feed (FB_FEEDER_CARD (widget), i);
}

/* -- life -- */

static void
fb_feeder_card_map (GtkWidget *widget)
{
  FbFeederCard *self = FB_FEEDER_CARD (widget);

  GTK_WIDGET_CLASS (fb_feeder_card_parent_class)->map (widget);
  fb_feeder_card_refresh_cb (self);
  /* The past does not move. */
  if (self->clock == NULL && self->at == 0)
    {
      self->clock = fb_second_clock_dup_default ();
      self->tick_id = g_signal_connect_object (self->clock, "tick", G_CALLBACK (fb_feeder_card_tick_cb), self,
                                               G_CONNECT_SWAPPED);
    }
}

static void
fb_feeder_card_unmap (GtkWidget *widget)
{
  FbFeederCard *self = FB_FEEDER_CARD (widget);

  fb_feeder_card_stop_ticking (self);
  GTK_WIDGET_CLASS (fb_feeder_card_parent_class)->unmap (widget);
}

static void
fb_feeder_card_dispose (GObject *object)
{
  FbFeederCard *self = FB_FEEDER_CARD (object);
  GtkWidget *child;

  fb_feeder_card_stop_ticking (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_FEEDER_CARD);
  /* dispose_template () only unparents children with an id; the top box has none (GTK warned
     "Finalizing FbFeederCard … still has children" when the past's cards went). */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->feeder);
  g_clear_object (&self->sender);

  G_OBJECT_CLASS (fb_feeder_card_parent_class)->dispose (object);
}

static void
fb_feeder_card_class_init (FbFeederCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_feeder_card_dispose;
  widget_class->map = fb_feeder_card_map;
  widget_class->unmap = fb_feeder_card_unmap;

  g_type_ensure (FB_TYPE_FEEDER_TREND);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-feeder-card.ui");
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, seen_label);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, stale_badge);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, food_bar);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, food_label);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, last_feed_label);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, trend);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, buttons);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, left_spinner);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, right_spinner);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, both_spinner);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, log_expander);
  gtk_widget_class_bind_template_child (widget_class, FbFeederCard, log_list);

  for (guint i = 0; i < G_N_ELEMENTS (bowl_actions); i++)
    gtk_widget_class_install_action (widget_class, bowl_actions[i], NULL, feed_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_feeder_card_init (FbFeederCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Levels in percent: at 20 % or less the bar turns to the warning colour. */
  gtk_level_bar_add_offset_value (self->food_bar, GTK_LEVEL_BAR_OFFSET_LOW, 20);
  gtk_level_bar_add_offset_value (self->food_bar, GTK_LEVEL_BAR_OFFSET_HIGH, 50);
  gtk_level_bar_add_offset_value (self->food_bar, GTK_LEVEL_BAR_OFFSET_FULL, 100);
}

GtkWidget *
fb_feeder_card_new (FbFeeder     *feeder,
                    FbFeedSender *sender,
                    gint64        at)
{
  FbFeederCard *self;
  g_autofree char *name = NULL;
  GtkWidget *placeholder;

  g_return_val_if_fail (FB_IS_FEEDER (feeder), NULL);

  self = g_object_new (FB_TYPE_FEEDER_CARD, NULL);
  self->feeder = g_object_ref (feeder);
  self->sender = sender != NULL ? g_object_ref (sender) : NULL;
  self->at = at;

  name = fb_feeder_dup_display_name (feeder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  g_signal_connect_object (feeder, "notify", G_CALLBACK (fb_feeder_card_refresh_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fb_feeder_get_commands (feeder), "items-changed", G_CALLBACK (fb_feeder_card_commands_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->log_list, fb_feeder_get_commands (feeder), create_log_row, self, NULL);
  placeholder = gtk_label_new (at > 0 ? _("No feeds sent from here before this time") : _("No feeds sent from here yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 6);
  gtk_widget_set_margin_bottom (placeholder, 6);
  gtk_list_box_set_placeholder (self->log_list, placeholder);
  fb_feeder_card_commands_changed_cb (self);

  /* Without a sender (the past, read-only) there is nothing to press. */
  gtk_widget_set_visible (GTK_WIDGET (self->buttons), sender != NULL);

  /* A command already in flight for this feeder (the card was rebuilt): show it. */
  for (FbBowl bowl = FB_BOWL_LEFT; bowl <= FB_BOWL_BOTH; bowl++)
    {
      FbFeedCommand *command = sender != NULL ? fb_feed_sender_get_in_flight (sender, fb_feeder_get_id (feeder), bowl)
                                              : NULL;
      if (command != NULL)
        {
          set_in_flight (self, bowl, TRUE);
          g_signal_connect_object (command, "notify::state", G_CALLBACK (fb_feeder_card_command_state_cb), self, 0);
        }
    }

  fb_feeder_card_refresh_cb (self);
  return GTK_WIDGET (self);
}

void
fb_feeder_card_show_trend (FbFeederCard *self,
                           FbSession    *session,
                           gint64        at)
{
  g_return_if_fail (FB_IS_FEEDER_CARD (self));

  fb_feeder_trend_set_feeder (self->trend, self->feeder, session, at);
}
