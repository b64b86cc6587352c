/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-poller.c: GET /orders → order events. Strict about the answer as a whole (bounded,
 * UTF-8, JSON, not nested past FB_JSON_MAX_DEPTH, an array), tolerant about its rows: a row that
 * is not an order is skipped and counted, and the others still count. Rows are checked by the
 * same code as live events, so a polled order is never something a live one could not be. */
#define G_LOG_DOMAIN "fb-orders-poller"

#include "fb-execute-api-client.h"
#include "fb-json.h"
#include "fb-orders-poller.h"

struct _FbOrdersPoller
{
  GObject             parent_instance;

  FbExecuteApiClient *client;
  char               *url;
};

G_DEFINE_FINAL_TYPE (FbOrdersPoller, fb_orders_poller, G_TYPE_OBJECT)

typedef struct
{
  GPtrArray *orders;
  guint      n_skipped;
  char      *first_problem;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->orders, g_ptr_array_unref);
  g_free (loaded->first_problem);
  g_free (loaded);
}

GPtrArray *
fb_orders_poller_parse (const guint8  *data,
                        gsize          len,
                        gint64         received_at,
                        guint         *n_skipped,
                        char         **first_problem,
                        GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *problem = NULL;
  JsonNode *root;
  JsonArray *rows;
  guint skipped = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > FB_ORDERS_POLLER_MAX_RESPONSE)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_TOO_LARGE,
                   "The list of orders is %" G_GSIZE_FORMAT " bytes; at most %d are accepted",
                   len, FB_ORDERS_POLLER_MAX_RESPONSE);
      return NULL;
    }
  parser = fb_json_parse (data, len, "The list of orders", &root, error);
  if (parser == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE,
                   "The answer is %s, not a list of orders", fb_json_type_name (root));
      return NULL;
    }

  rows = json_node_get_array (root);
  orders = g_ptr_array_new_full (json_array_get_length (rows), (GDestroyNotify) fb_order_event_free);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      g_autoptr(GError) row_error = NULL;
      FbOrderEvent *ev = NULL;

      if (JSON_NODE_HOLDS_OBJECT (row))
        ev = fb_order_event_new_from_object (json_node_get_object (row), FB_ORDERS_POLLER_EVENT, "",
                                             received_at, &row_error);
      else
        g_set_error (&row_error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE,
                     "it is %s, not an object", fb_json_type_name (row));

      if (ev == NULL)
        {
          if (skipped++ == 0)
            problem = g_strdup_printf ("row %u: %s", i + 1, row_error->message);
          continue;
        }
      g_ptr_array_add (orders, ev);
    }

  if (n_skipped != NULL)
    *n_skipped = skipped;
  if (first_problem != NULL)
    *first_problem = g_steal_pointer (&problem);
  return g_steal_pointer (&orders);
}

static void
get_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbOrdersPoller *self = g_task_get_source_object (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  Loaded *loaded;
  gsize len;
  const guint8 *data;

  body = fb_execute_api_client_get_finish (FB_EXECUTE_API_CLIENT (source), result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_bytes_get_data (body, &len);
  loaded = g_new0 (Loaded, 1);
  loaded->orders = fb_orders_poller_parse (data, len, g_get_real_time (), &loaded->n_skipped,
                                           &loaded->first_problem, &error);
  if (loaded->orders == NULL)
    {
      loaded_free (loaded);
      g_prefix_error (&error, "%s: ", self->url);
      g_task_return_error (task, error);
      return;
    }

  g_debug ("%s: %u orders, %u rows skipped", self->url, loaded->orders->len, loaded->n_skipped);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

void
fb_orders_poller_load_async (FbOrdersPoller      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FB_IS_ORDERS_POLLER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_orders_poller_load_async);
  fb_execute_api_client_get_async (self->client, "/orders", cancellable, get_cb, task);
}

GPtrArray *
fb_orders_poller_load_finish (FbOrdersPoller  *self,
                              GAsyncResult    *result,
                              guint           *n_skipped,
                              char           **first_problem,
                              GError         **error)
{
  Loaded *loaded;
  GPtrArray *orders;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return NULL;
  if (n_skipped != NULL)
    *n_skipped = loaded->n_skipped;
  if (first_problem != NULL)
    *first_problem = g_steal_pointer (&loaded->first_problem);
  orders = g_steal_pointer (&loaded->orders);
  loaded_free (loaded);
  return orders;
}

const char *
fb_orders_poller_get_url (FbOrdersPoller *self)
{
  g_return_val_if_fail (FB_IS_ORDERS_POLLER (self), NULL);

  return self->url;
}

void
fb_orders_poller_set_timeout (FbOrdersPoller *self,
                              guint           seconds)
{
  g_return_if_fail (FB_IS_ORDERS_POLLER (self));

  fb_execute_api_client_set_timeout (self->client, seconds);
}

static void
fb_orders_poller_finalize (GObject *object)
{
  FbOrdersPoller *self = FB_ORDERS_POLLER (object);

  g_clear_object (&self->client);
  g_free (self->url);

  G_OBJECT_CLASS (fb_orders_poller_parent_class)->finalize (object);
}

static void
fb_orders_poller_class_init (FbOrdersPollerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_orders_poller_finalize;
}

static void
fb_orders_poller_init (FbOrdersPoller *self)
{
}

FbOrdersPoller *
fb_orders_poller_new (const char            *polling_endpoint,
                      const char            *region,
                      FbCredentialsProvider *provider)
{
  FbOrdersPoller *self;

  g_return_val_if_fail (polling_endpoint != NULL && region != NULL, NULL);
  g_return_val_if_fail (FB_IS_CREDENTIALS_PROVIDER (provider), NULL);

  self = g_object_new (FB_TYPE_ORDERS_POLLER, NULL);
  self->client = fb_execute_api_client_new (polling_endpoint, region, provider);
  fb_execute_api_client_set_max_response (self->client, FB_ORDERS_POLLER_MAX_RESPONSE);
  fb_execute_api_client_set_timeout (self->client, FB_ORDERS_POLLER_TIMEOUT);
  self->url = g_strconcat (fb_execute_api_client_get_base_url (self->client), "/orders", NULL);
  return self;
}
