/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-simulation.c: one GET /order per start, sent at most once: the request has a side
 * effect (a chain of orders), so it is never retried, and a 502 while a chain runs is reported
 * as what it means rather than as a server error. */
#define G_LOG_DOMAIN "fb-order-simulation"

#include <string.h>

#include "fb-aws-json-client.h"
#include "fb-execute-api-client.h"
#include "fb-json.h"
#include "fb-order-event.h"
#include "fb-order-simulation.h"

#define MAX_ANSWER (64 * 1024)

struct _FbOrderSimulation
{
  GObject             parent_instance;

  FbExecuteApiClient *client;
  char               *url;
  gboolean            busy;
};

G_DEFINE_FINAL_TYPE (FbOrderSimulation, fb_order_simulation, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-order-simulation-error-quark, fb_order_simulation_error)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
fb_order_simulation_set_busy (FbOrderSimulation *self,
                              gboolean           busy)
{
  g_assert (FB_IS_ORDER_SIMULATION (self));

  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* {"orderId":"2dh3…","status":"SUBMITTED"}: the id, checked like an order event's. */
static char *
parse_answer (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  JsonNode *node;
  const char *id;
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);

  parser = fb_json_parse_object (data, len, MAX_ANSWER, "answers", &object, error);
  if (parser == NULL)
    return NULL;

  node = json_object_get_member (object, "orderId");
  if (node == NULL)
    {
      g_set_error_literal (error, FB_DECODE_ERROR, FB_DECODE_ERROR_MISSING_FIELD,
                           "The answer has no “orderId”");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE,
                   "The answer's “orderId” should be a string but is %s", fb_json_type_name (node));
      return NULL;
    }
  id = json_node_get_string (node);
  if (*id == '\0' || strlen (id) > FB_ORDER_EVENT_MAX_ID_LEN)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The answer's “orderId” is %zu bytes long; 1 to %d are accepted",
                   strlen (id), FB_ORDER_EVENT_MAX_ID_LEN);
      return NULL;
    }
  for (const char *p = id; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        g_set_error_literal (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                             "The answer's “orderId” contains control characters");
        return NULL;
      }

  return g_strdup (id);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbOrderSimulation *self = g_task_get_source_object (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  char *order_id;
  guint status = 0;

  fb_order_simulation_set_busy (self, FALSE);

  body = fb_execute_api_client_get_finish (FB_EXECUTE_API_CLIENT (source), result, &status, &error);
  if (body == NULL)
    {
      /* The backend's state machine refuses a second chain while one runs; API Gateway says 502. */
      if (status == 502)
        g_task_return_new_error (task, FB_ORDER_SIMULATION_ERROR, FB_ORDER_SIMULATION_ERROR_BUSY,
                                 "A simulation is already running; try again when its orders are done");
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  order_id = parse_answer (body, &error);
  if (order_id == NULL)
    {
      g_prefix_error (&error, "%s answered HTTP %u, but: ", self->url, status);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%s started order %s", self->url, order_id);
  g_task_return_pointer (task, order_id, g_free);
}

void
fb_order_simulation_start_async (FbOrderSimulation   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FB_IS_ORDER_SIMULATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_order_simulation_start_async);
  if (self->busy)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "A simulation is being started already");
      g_object_unref (task);
      return;
    }

  fb_order_simulation_set_busy (self, TRUE);
  fb_execute_api_client_get_async (self->client, "/order", cancellable, get_cb, task);
}

char *
fb_order_simulation_start_finish (FbOrderSimulation  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
fb_order_simulation_get_url (FbOrderSimulation *self)
{
  g_return_val_if_fail (FB_IS_ORDER_SIMULATION (self), NULL);

  return self->url;
}

gboolean
fb_order_simulation_get_busy (FbOrderSimulation *self)
{
  g_return_val_if_fail (FB_IS_ORDER_SIMULATION (self), FALSE);

  return self->busy;
}

void
fb_order_simulation_set_timeout (FbOrderSimulation *self,
                                 guint              seconds)
{
  g_return_if_fail (FB_IS_ORDER_SIMULATION (self));

  fb_execute_api_client_set_timeout (self->client, seconds);
}

static void
fb_order_simulation_finalize (GObject *object)
{
  FbOrderSimulation *self = FB_ORDER_SIMULATION (object);

  g_clear_object (&self->client);
  g_free (self->url);

  G_OBJECT_CLASS (fb_order_simulation_parent_class)->finalize (object);
}

static void
fb_order_simulation_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FbOrderSimulation *self = FB_ORDER_SIMULATION (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_order_simulation_class_init (FbOrderSimulationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_order_simulation_finalize;
  object_class->get_property = fb_order_simulation_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_order_simulation_init (FbOrderSimulation *self)
{
}

FbOrderSimulation *
fb_order_simulation_new (const char            *shared_endpoint,
                         const char            *region,
                         FbCredentialsProvider *provider)
{
  FbOrderSimulation *self;

  g_return_val_if_fail (shared_endpoint != NULL && region != NULL, NULL);
  g_return_val_if_fail (FB_IS_CREDENTIALS_PROVIDER (provider), NULL);

  self = g_object_new (FB_TYPE_ORDER_SIMULATION, NULL);
  self->client = fb_execute_api_client_new (shared_endpoint, region, provider);
  fb_execute_api_client_set_max_response (self->client, MAX_ANSWER);
  fb_execute_api_client_set_at_most_once (self->client, TRUE);
  self->url = g_strconcat (fb_execute_api_client_get_base_url (self->client), "/order", NULL);
  return self;
}
