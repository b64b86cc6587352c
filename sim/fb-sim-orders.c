/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-orders.c: orders walk SUBMITTED → … → COMPLETED with random waits, published as
 * CREATED/UPDATED events on orders/events exactly as the backend's stream handler does.
 * Like the real pipeline (DynamoDB stream batches, retries), some events arrive twice and
 * some out of order, so that the client's last-writer-wins handling is visible. Some orders are
 * cancelled, and some get stuck (a step that never happens), so that an operator's overview
 * has something to show; with a backfill, the polling API also lists the orders of the last
 * minutes, stuck ones among them, as if the backend had been running before. */
#define G_LOG_DOMAIN "fb-sim-orders"

#include <json-glib/json-glib.h>

#include "fb-time.h"
#include "fb-ksuid.h"
#include "fb-sim-orders.h"

static const char *walk[] = {
  "SUBMITTED", "ACCEPTED_BY_STORE", "IN_KITCHEN", "READY_FOR_PICKUP",
  "PICKED_UP_BY_DRIVER", "OUT_FOR_DELIVERY", "DELIVERED", "COMPLETED",
};

typedef struct
{
  FbSimOrders *owner;       /* unowned */
  char        *id;
  guint        step;        /* index into walk, or G_MAXUINT when cancelled */
  guint        stall_at;    /* the step it gets stuck at; NEVER = it does not */
  char        *status;
  gint64       created_at;
  gint64       updated_at;
  char        *held;        /* an event held back to be delivered after the next one */
  guint        timer;
  guint        n_items;
  double       total;
} SimOrder;

struct _FbSimOrders
{
  GObject       parent_instance;
  FbMqttClient *publisher;
  double        speed;
  double        duplicate_rate;
  double        reorder_rate;
  double        cancel_rate;
  double        stuck_rate;
  guint         max_active;
  GHashTable   *orders;       /* id → SimOrder*, every order ever made (bounded) */
  GQueue        order_ids;    /* newest first, for GET /orders */
  guint         active;
  guint         chain_left;
  guint         chain_timer;
  guint         continuous_timer;
};

G_DEFINE_FINAL_TYPE (FbSimOrders, fb_sim_orders, G_TYPE_OBJECT)

#define MAX_KEPT_ORDERS 500
#define NEVER (G_MAXUINT - 1)

static void
sim_order_free (SimOrder *order)
{
  g_clear_handle_id (&order->timer, g_source_remove);
  g_free (order->id);
  g_free (order->status);
  g_free (order->held);
  g_free (order);
}

static guint
scaled_ms (FbSimOrders *self,
           double       seconds)
{
  return (guint) MAX (1.0, seconds * 1000.0 / self->speed);
}

static void
publish (FbSimOrders *self,
         const char  *payload)
{
  g_autoptr(GBytes) bytes = g_bytes_new (payload, strlen (payload));

  /* The backend publishes with IoT's Publish API at QoS 0; a lost event is lost there too. */
  fb_mqtt_client_publish_async (self->publisher, "orders/events", bytes, 0, NULL, NULL, NULL);
}

static char *
event_payload (SimOrder   *order,
               const char *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *updated = fb_time_format_rfc3339_ms (order->updated_at);
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_string_value (builder, order->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, order->status);
  json_builder_set_member_name (builder, "updatedAt");
  json_builder_add_string_value (builder, updated);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

typedef struct
{
  FbSimOrders *self;
  char        *payload;
} Duplicate;

static gboolean
duplicate_cb (gpointer data)
{
  Duplicate *dup = data;

  publish (dup->self, dup->payload);
  return G_SOURCE_REMOVE;
}

static void
duplicate_free (gpointer data)
{
  Duplicate *dup = data;

  g_object_unref (dup->self);
  g_free (dup->payload);
  g_free (dup);
}

static void
emit_event (FbSimOrders *self,
            SimOrder    *order,
            const char  *event)
{
  g_autofree char *payload = event_payload (order, event);

  /* An order's last event (cancelled, stuck, completed) is never held back: nothing would come
     after it to send it. (A cancelled order's step is G_MAXUINT: step + 1 wraps to 0.) */
  if (order->held == NULL && g_random_double () < self->reorder_rate && order->step != G_MAXUINT
      && order->step + 1 < G_N_ELEMENTS (walk) && order->step != order->stall_at)
    {
      /* Held back: it goes out right after the next event of this order. */
      order->held = g_steal_pointer (&payload);
      return;
    }

  publish (self, payload);
  if (order->held != NULL)
    {
      publish (self, order->held);
      g_clear_pointer (&order->held, g_free);
    }

  if (g_random_double () < self->duplicate_rate)
    {
      Duplicate *dup = g_new0 (Duplicate, 1);

      dup->self = g_object_ref (self);
      dup->payload = g_steal_pointer (&payload);
      g_timeout_add_full (G_PRIORITY_DEFAULT, scaled_ms (self, g_random_double_range (0.2, 2.0)),
                          duplicate_cb, dup, duplicate_free);
    }
}

static gboolean advance_cb (gpointer data);

static void
schedule_next (FbSimOrders *self,
               SimOrder    *order)
{
  order->timer = g_timeout_add (scaled_ms (self, g_random_double_range (3.0, 10.0)), advance_cb, order);
}

static gboolean
advance_cb (gpointer data)
{
  SimOrder *order = data;
  FbSimOrders *self = order->owner;

  order->timer = 0;

  /* Some are cancelled before they reach the kitchen. */
  if (order->step == 1 && g_random_double () < self->cancel_rate)
    {
      g_free (order->status);
      order->status = g_strdup ("CANCELLED");
      order->step = G_MAXUINT;
    }
  else
    {
      order->step++;
      g_free (order->status);
      order->status = g_strdup (walk[order->step]);
    }

  order->updated_at = g_get_real_time ();
  emit_event (self, order, "UPDATED");

  /* A stuck order no longer counts as one moving: the backend makes new ones meanwhile. */
  if (order->step != G_MAXUINT && order->step + 1 < G_N_ELEMENTS (walk) && order->step != order->stall_at)
    schedule_next (self, order);
  else
    self->active--;

  return G_SOURCE_REMOVE;
}

static SimOrder *
new_order (FbSimOrders *self,
           gint64       created_at)
{
  SimOrder *order = g_new0 (SimOrder, 1);

  order->owner = self;
  order->id = fb_ksuid_new ();
  order->status = g_strdup (walk[0]);
  order->created_at = order->updated_at = created_at;
  order->n_items = g_random_int_range (1, 6);
  order->total = g_random_int_range (800, 9000) / 100.0;
  /* Stuck anywhere from SUBMITTED to DELIVERED (DELIVERED but never COMPLETED counts too). */
  if (g_random_double () < self->stuck_rate)
    order->stall_at = g_random_int_range (0, G_N_ELEMENTS (walk) - 1);
  else
    order->stall_at = NEVER;
  return order;
}

static void
keep_order (FbSimOrders *self,
            SimOrder    *order)
{
  g_hash_table_insert (self->orders, order->id, order);
  g_queue_push_head (&self->order_ids, order->id);
  while (g_queue_get_length (&self->order_ids) > MAX_KEPT_ORDERS)
    {
      char *oldest = g_queue_pop_tail (&self->order_ids);
      SimOrder *gone = g_hash_table_lookup (self->orders, oldest);

      if (gone != NULL && gone->timer != 0)
        self->active--;
      g_hash_table_remove (self->orders, oldest);
    }
}

static SimOrder *
start_order (FbSimOrders *self)
{
  SimOrder *order = new_order (self, g_get_real_time ());

  keep_order (self, order);
  emit_event (self, order, "CREATED");
  /* Stuck at SUBMITTED: it never moves, and takes no place among the moving ones. */
  if (order->stall_at != 0)
    {
      self->active++;
      schedule_next (self, order);
    }
  return order;
}

/* The orders of the last @minutes, as if the backend had been running: they are only in the
   polling API (their events went out before anyone listened), stuck ones among them; those still
   moving now go on live. */
void
fb_sim_orders_backfill (FbSimOrders *self,
                        guint        minutes)
{
  gint64 now = g_get_real_time ();
  gboolean first = TRUE;

  g_return_if_fail (FB_IS_SIM_ORDERS (self));

  /* One order every 30 s of the past, oldest first (the list is newest first). */
  for (gint64 t = now - (gint64) minutes * 60 * G_USEC_PER_SEC; t < now - 30 * G_USEC_PER_SEC;
       t += 30 * G_USEC_PER_SEC)
    {
      SimOrder *order = new_order (self, t);
      gint64 next = t;
      /* The oldest gets stuck in the kitchen whatever the dice say (never cancelled on the way):
         the demo shows one. */
      gboolean forced = first && self->stuck_rate > 0;

      if (forced)
        order->stall_at = 2;
      first = FALSE;
      for (;;)
        {
          if (order->step == order->stall_at || order->step == G_MAXUINT || order->step + 1 >= G_N_ELEMENTS (walk))
            break;
          next = order->updated_at + g_random_int_range (20, 90) * G_USEC_PER_SEC;
          if (next > now)
            break;
          g_free (order->status);
          if (order->step == 1 && !forced && g_random_double () < self->cancel_rate)
            {
              order->step = G_MAXUINT;
              order->status = g_strdup ("CANCELLED");
            }
          else
            order->status = g_strdup (walk[++order->step]);
          order->updated_at = next;
        }
      keep_order (self, order);
      if (order->step != order->stall_at && order->step != G_MAXUINT && order->step + 1 < G_N_ELEMENTS (walk))
        {
          self->active++;
          order->timer = g_timeout_add (scaled_ms (self, (next - now) / (double) G_USEC_PER_SEC), advance_cb, order);
        }
    }
}

static gboolean
chain_cb (gpointer data)
{
  FbSimOrders *self = data;

  if (self->chain_left == 0)
    {
      self->chain_timer = 0;
      return G_SOURCE_REMOVE;
    }

  self->chain_left--;
  start_order (self);
  return G_SOURCE_CONTINUE;
}

char *
fb_sim_orders_start_chain (FbSimOrders *self,
                           guint        n_orders)
{
  SimOrder *first;

  g_return_val_if_fail (FB_IS_SIM_ORDERS (self), NULL);
  g_return_val_if_fail (n_orders > 0, NULL);

  first = start_order (self);
  self->chain_left = n_orders - 1;
  if (self->chain_timer == 0 && self->chain_left > 0)
    self->chain_timer = g_timeout_add (scaled_ms (self, 8.0), chain_cb, self);

  return g_strdup (first->id);
}

gboolean
fb_sim_orders_chain_pending (FbSimOrders *self)
{
  g_return_val_if_fail (FB_IS_SIM_ORDERS (self), FALSE);
  return self->chain_left > 0;
}

static gboolean
continuous_cb (gpointer data)
{
  FbSimOrders *self = data;

  if (self->active < self->max_active)
    start_order (self);
  return G_SOURCE_CONTINUE;
}

void
fb_sim_orders_set_continuous (FbSimOrders *self,
                              guint        max_active)
{
  g_return_if_fail (FB_IS_SIM_ORDERS (self));

  self->max_active = max_active;
  g_clear_handle_id (&self->continuous_timer, g_source_remove);
  if (max_active > 0)
    self->continuous_timer = g_timeout_add (scaled_ms (self, 4.0), continuous_cb, self);
}

void
fb_sim_orders_set_rates (FbSimOrders *self,
                         double       duplicate_rate,
                         double       reorder_rate)
{
  g_return_if_fail (FB_IS_SIM_ORDERS (self));

  self->duplicate_rate = CLAMP (duplicate_rate, 0.0, 1.0);
  self->reorder_rate = CLAMP (reorder_rate, 0.0, 1.0);
}

void
fb_sim_orders_set_trouble (FbSimOrders *self,
                           double       cancel_rate,
                           double       stuck_rate)
{
  g_return_if_fail (FB_IS_SIM_ORDERS (self));

  self->cancel_rate = CLAMP (cancel_rate, 0.0, 1.0);
  self->stuck_rate = CLAMP (stuck_rate, 0.0, 1.0);
}

static void
add_order_json (JsonBuilder *builder,
                SimOrder    *order)
{
  g_autofree char *created = fb_time_format_rfc3339_ms (order->created_at);
  g_autofree char *updated = fb_time_format_rfc3339_ms (order->updated_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_string_value (builder, order->id);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "updatedAt");
  json_builder_add_string_value (builder, updated);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, "USD");
  json_builder_set_member_name (builder, "customerId");
  json_builder_add_string_value (builder, "sim-customer");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, order->status);
  json_builder_set_member_name (builder, "numItems");
  json_builder_add_int_value (builder, order->n_items);
  json_builder_set_member_name (builder, "total");
  json_builder_add_double_value (builder, order->total);
  json_builder_end_object (builder);
}

/* The polling API: one order, or (order_id NULL) every order, newest first. NULL: no such order. */
char *
fb_sim_orders_to_json (FbSimOrders *self,
                       const char  *order_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (FB_IS_SIM_ORDERS (self), NULL);

  if (order_id != NULL)
    {
      SimOrder *order = g_hash_table_lookup (self->orders, order_id);

      if (order == NULL)
        return NULL;
      add_order_json (builder, order);
    }
  else
    {
      json_builder_begin_array (builder);
      for (GList *l = self->order_ids.head; l != NULL; l = l->next)
        add_order_json (builder, g_hash_table_lookup (self->orders, l->data));
      json_builder_end_array (builder);
    }

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
fb_sim_orders_finalize (GObject *object)
{
  FbSimOrders *self = FB_SIM_ORDERS (object);

  g_clear_handle_id (&self->chain_timer, g_source_remove);
  g_clear_handle_id (&self->continuous_timer, g_source_remove);
  g_queue_clear (&self->order_ids);
  g_hash_table_unref (self->orders);
  g_clear_object (&self->publisher);

  G_OBJECT_CLASS (fb_sim_orders_parent_class)->finalize (object);
}

static void
fb_sim_orders_class_init (FbSimOrdersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_sim_orders_finalize;
}

static void
fb_sim_orders_init (FbSimOrders *self)
{
  self->orders = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sim_order_free);
  g_queue_init (&self->order_ids);
  self->duplicate_rate = 0.05;
  self->reorder_rate = 0.05;
  self->cancel_rate = FB_SIM_ORDERS_DEFAULT_CANCEL_RATE;
  self->stuck_rate = FB_SIM_ORDERS_DEFAULT_STUCK_RATE;
}

FbSimOrders *
fb_sim_orders_new (FbMqttClient *publisher,
                   double        speed)
{
  FbSimOrders *self = g_object_new (FB_TYPE_SIM_ORDERS, NULL);

  self->publisher = g_object_ref (publisher);
  self->speed = speed > 0 ? speed : 1.0;
  return self;
}
