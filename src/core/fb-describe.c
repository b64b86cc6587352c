/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-describe.c: the words a person reads for order statuses, bowls and feed commands. */
#define G_LOG_DOMAIN "fb-describe"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-describe.h"

typedef struct {
  const char *status;
  const char *label;     /* N_() */
} FbStatusWords;

static const FbStatusWords status_words[] = {
  { "SUBMITTED", N_("Submitted") },
  { "ACCEPTED_BY_STORE", N_("Accepted by store") },
  { "IN_KITCHEN", N_("In kitchen") },
  { "READY_FOR_PICKUP", N_("Ready for pickup") },
  { "PICKED_UP_BY_DRIVER", N_("Picked up by driver") },
  { "OUT_FOR_DELIVERY", N_("Out for delivery") },
  { "DELIVERED", N_("Delivered") },
  { "CANCELLED", N_("Cancelled") },
  { "COMPLETED", N_("Completed") },
};

const char * const *
fb_order_statuses (void)
{
  static const char *statuses[G_N_ELEMENTS (status_words) + 1];

  if (statuses[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (status_words); i++)
      statuses[i] = status_words[i].status;

  return statuses;
}

const char *
fb_order_status_label (const char *status)
{
  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (status_words); i++)
    if (g_str_equal (status_words[i].status, status))
      return _(status_words[i].label);

  return status != NULL ? status : "";
}

const char *
fb_bowl_title (FbBowl bowl)
{
  switch (bowl)
    {
    case FB_BOWL_LEFT: return _("Left bowl");
    case FB_BOWL_RIGHT: return _("Right bowl");
    case FB_BOWL_BOTH: return _("Both bowls");
    default: return "";
    }
}

/* The feed the backend passed on, by its click-type. */
const char *
fb_click_type_title (const char *click_type)
{
  if (g_strcmp0 (click_type, "SINGLE") == 0)
    return fb_bowl_title (FB_BOWL_LEFT);
  if (g_strcmp0 (click_type, "DOUBLE") == 0)
    return fb_bowl_title (FB_BOWL_RIGHT);
  if (g_strcmp0 (click_type, "LONG") == 0)
    return fb_bowl_title (FB_BOWL_BOTH);
  return click_type;
}

char *
fb_feed_command_describe (FbFeedCommand *command)
{
  const char *bowl = fb_bowl_title (fb_feed_command_get_bowl (command));
  gboolean eventbridge = fb_feed_command_get_route (command) == FB_FEED_ROUTE_EVENTBRIDGE;

  switch (fb_feed_command_get_state (command))
    {
    case FB_FEED_COMMAND_SENDING:
      return g_strdup_printf (_("%s: sending…"), bowl);
    case FB_FEED_COMMAND_ACCEPTED:
      if (eventbridge)
        /* Translators: the EventId is EventBridge's receipt for the feed */
        return g_strdup_printf (_("%s: accepted by EventBridge (EventId %s)"), bowl,
                                fb_feed_command_get_receipt (command));
      return g_strdup_printf (_("%s: acknowledged by the broker (PUBACK)"), bowl);
    case FB_FEED_COMMAND_FAILED:
      return g_strdup_printf (_("%s: not fed. %s"), bowl, fb_feed_command_get_reason (command));
    default:
      return g_strdup (bowl);
    }
}

char *
fb_feed_command_describe_short (FbFeedCommand *command)
{
  const char *bowl = fb_bowl_title (fb_feed_command_get_bowl (command));
  gboolean eventbridge = fb_feed_command_get_route (command) == FB_FEED_ROUTE_EVENTBRIDGE;

  if (fb_feed_command_get_state (command) == FB_FEED_COMMAND_ACCEPTED)
    return g_strdup_printf (eventbridge ? _("%s: feed sent through EventBridge") : _("%s: feed sent over MQTT"), bowl);
  return fb_feed_command_describe (command);
}
