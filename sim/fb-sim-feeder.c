/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-feeder.c: listens to cat-feeder/action like the firmware: it reads only the string
 * field "event", acts on SINGLE (left bowl), DOUBLE (right bowl) and LONG (both), ignores
 * anything else, runs the motor 10 s per bowl, and reports its food level on
 * cat-feeder/states. It never confirms a feed: only the food level tells. */
#define G_LOG_DOMAIN "fb-sim-feeder"

#include <json-glib/json-glib.h>

#include "fb-json.h"
#include "fb-sim-feeder.h"

#define MOTOR_SECONDS_PER_BOWL 10.0
#define FOOD_PER_BOWL          5
#define HEARTBEAT_SECONDS      20.0

struct _FbSimFeeder
{
  GObject       parent_instance;
  FbMqttClient *publisher;
  char         *location;
  double        speed;
  int           food_capacity;
  GQueue        pending;       /* bowls to run, as GINT_TO_POINTER (n) */
  guint         motor_timer;
  guint         heartbeat_timer;
  guint         running_bowls;
};

G_DEFINE_FINAL_TYPE (FbSimFeeder, fb_sim_feeder, G_TYPE_OBJECT)

static guint
scaled_ms (FbSimFeeder *self,
           double       seconds)
{
  return (guint) MAX (1.0, seconds * 1000.0 / self->speed);
}

void
fb_sim_feeder_publish_state (FbSimFeeder *self)
{
  g_autofree char *payload = NULL;
  g_autoptr(GBytes) bytes = NULL;

  /* Python's json.dumps spacing, as the device's companion script sends it. */
  payload = g_strdup_printf ("{\"food_capacity\": %d, \"device_location\": \"%s\"}",
                             self->food_capacity, self->location);
  bytes = g_bytes_new (payload, strlen (payload));
  fb_mqtt_client_publish_async (self->publisher, "cat-feeder/states", bytes, 0, NULL, NULL, NULL);
}

static void run_next (FbSimFeeder *self);

static gboolean
motor_done_cb (gpointer data)
{
  FbSimFeeder *self = data;

  self->motor_timer = 0;
  self->food_capacity = MAX (0, self->food_capacity - FOOD_PER_BOWL * (int) self->running_bowls);
  g_debug ("%s: fed %u bowl(s); food at %d%%", self->location, self->running_bowls, self->food_capacity);
  self->running_bowls = 0;
  fb_sim_feeder_publish_state (self);
  run_next (self);
  return G_SOURCE_REMOVE;
}

static void
run_next (FbSimFeeder *self)
{
  if (self->motor_timer != 0 || g_queue_is_empty (&self->pending))
    return;

  self->running_bowls = GPOINTER_TO_UINT (g_queue_pop_head (&self->pending));
  self->motor_timer = g_timeout_add (scaled_ms (self, MOTOR_SECONDS_PER_BOWL * self->running_bowls),
                                     motor_done_cb, self);
}

void
fb_sim_feeder_handle_action (FbSimFeeder *self,
                             GBytes      *payload)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *event;
  guint bowls;
  gsize len;
  const char *data = g_bytes_get_data (payload, &len);

  g_return_if_fail (FB_IS_SIM_FEEDER (self));

  /* The firmware's buffer is small: it ignores long messages. */
  if (len >= 200 || (parser = fb_json_parse ((const guint8 *) data, len, "The message", &root, NULL)) == NULL)
    return;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  event = json_object_get_string_member_with_default (object, "event", NULL);
  if (event == NULL)
    return;

  if (g_str_equal (event, "SINGLE") || g_str_equal (event, "DOUBLE"))
    bowls = 1;
  else if (g_str_equal (event, "LONG"))
    bowls = 2;
  else
    return;

  g_queue_push_tail (&self->pending, GUINT_TO_POINTER (bowls));
  run_next (self);
}

int
fb_sim_feeder_get_food_capacity (FbSimFeeder *self)
{
  g_return_val_if_fail (FB_IS_SIM_FEEDER (self), -1);
  return self->food_capacity;
}

static gboolean
heartbeat_cb (gpointer data)
{
  fb_sim_feeder_publish_state (data);
  return G_SOURCE_CONTINUE;
}

static void
fb_sim_feeder_finalize (GObject *object)
{
  FbSimFeeder *self = FB_SIM_FEEDER (object);

  g_clear_handle_id (&self->motor_timer, g_source_remove);
  g_clear_handle_id (&self->heartbeat_timer, g_source_remove);
  g_queue_clear (&self->pending);
  g_clear_object (&self->publisher);
  g_free (self->location);

  G_OBJECT_CLASS (fb_sim_feeder_parent_class)->finalize (object);
}

static void
fb_sim_feeder_class_init (FbSimFeederClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_sim_feeder_finalize;
}

static void
fb_sim_feeder_init (FbSimFeeder *self)
{
  g_queue_init (&self->pending);
  self->food_capacity = 100;
}

FbSimFeeder *
fb_sim_feeder_new (FbMqttClient *publisher,
                   const char   *location,
                   double        speed)
{
  FbSimFeeder *self = g_object_new (FB_TYPE_SIM_FEEDER, NULL);

  self->publisher = g_object_ref (publisher);
  self->location = g_strdup (location);
  self->speed = speed > 0 ? speed : 1.0;
  self->heartbeat_timer = g_timeout_add (scaled_ms (self, HEARTBEAT_SECONDS), heartbeat_cb, self);
  return self;
}
