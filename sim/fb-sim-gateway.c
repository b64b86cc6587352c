/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-gateway.c: GET /mqtt with a SigV4-presigned query, checked as AWS IoT checks it;
 * on success the WebSocket (sub-protocol "mqtt") is bridged to the local broker's TCP port.
 * Bytes from the broker are cut into whole MQTT packets, one per WebSocket frame, as AWS
 * sends them. A policy can refuse client ids (CONNACK "not authorized") and topic filters
 * (SUBACK "not authorized"), the two ways an IoT policy without iot:Connect or iot:Subscribe
 * shows to a client; a SUBSCRIBE is refused only when every filter in it is denied. */
#define G_LOG_DOMAIN "fb-sim-gateway"

#include "fb-sim-gateway.h"
#include "fb-sim-verify.h"

struct _FbSimGateway
{
  GObject          parent_instance;
  FbSimIdentities *identities;
  char            *region;
  guint16          broker_port;
  GStrv            deny_client_ids;
  GStrv            deny_filters;
};

G_DEFINE_FINAL_TYPE (FbSimGateway, fb_sim_gateway, G_TYPE_OBJECT)

typedef struct
{
  gatomicrefcount          ref_count;
  SoupWebsocketConnection *ws;
  GSocketConnection       *broker;
  GCancellable            *cancellable;
  GQueue                   pending;     /* GBytes* from the client, before the broker is up */
  GByteArray              *from_broker; /* bytes not yet forming a whole packet */
  gboolean                 closed;
  int                      version;     /* MQTT protocol level of the CONNECT: 4 or 5 */
  FbSimGateway            *gateway;     /* unowned; outlives its bridges */
} Bridge;

static Bridge *
bridge_ref (Bridge *bridge)
{
  g_atomic_ref_count_inc (&bridge->ref_count);
  return bridge;
}

static void
bridge_unref (Bridge *bridge)
{
  if (g_atomic_ref_count_dec (&bridge->ref_count))
    {
      g_queue_clear_full (&bridge->pending, (GDestroyNotify) g_bytes_unref);
      g_byte_array_unref (bridge->from_broker);
      g_clear_object (&bridge->ws);
      g_clear_object (&bridge->broker);
      g_clear_object (&bridge->cancellable);
      g_free (bridge);
    }
}

static void
bridge_close (Bridge *bridge)
{
  if (bridge->closed)
    return;
  bridge->closed = TRUE;
  g_cancellable_cancel (bridge->cancellable);
  if (bridge->broker != NULL)
    g_io_stream_close (G_IO_STREAM (bridge->broker), NULL, NULL);
  if (soup_websocket_connection_get_state (bridge->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (bridge->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static gboolean
write_to_broker (Bridge *bridge,
                 GBytes *bytes)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (bridge->broker));
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  /* Loopback and small packets: a blocking write does not stall the sim noticeably. */
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

/* Length of the first whole MQTT packet in buf, or 0 if it is not all there yet. */
static gsize
mqtt_packet_length (const guint8 *buf,
                    gsize         len)
{
  gsize remaining = 0;
  guint multiplier = 1;

  for (gsize i = 1; i < len && i <= 4; i++)
    {
      remaining += (buf[i] & 0x7f) * multiplier;
      if ((buf[i] & 0x80) == 0)
        return (len >= 1 + i + remaining) ? 1 + i + remaining : 0;
      multiplier *= 128;
    }
  return 0;
}

static void read_from_broker (Bridge *bridge);

static void
fb_sim_gateway_broker_read_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  Bridge *bridge = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);
  gsize packet;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0 || bridge->closed)
    {
      bridge_close (bridge);
      bridge_unref (bridge);
      return;
    }

  g_byte_array_append (bridge->from_broker, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  while ((packet = mqtt_packet_length (bridge->from_broker->data, bridge->from_broker->len)) > 0)
    {
      soup_websocket_connection_send_binary (bridge->ws, bridge->from_broker->data, packet);
      g_byte_array_remove_range (bridge->from_broker, 0, packet);
    }

  read_from_broker (bridge);
  bridge_unref (bridge);
}

static void
read_from_broker (Bridge *bridge)
{
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (bridge->broker)),
                                   64 * 1024, G_PRIORITY_DEFAULT, bridge->cancellable,
                                   fb_sim_gateway_broker_read_cb, bridge_ref (bridge));
}

static void
fb_sim_gateway_broker_connected_cb (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  Bridge *bridge = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bridge->broker = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (bridge->broker == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot reach the broker: %s", error->message);
      bridge_close (bridge);
      bridge_unref (bridge);
      return;
    }

  while ((bytes = g_queue_pop_head (&bridge->pending)) != NULL)
    {
      gboolean ok = write_to_broker (bridge, bytes);

      g_bytes_unref (bytes);
      if (!ok)
        {
          bridge_close (bridge);
          bridge_unref (bridge);
          return;
        }
    }

  read_from_broker (bridge);
  bridge_unref (bridge);
}

/* -- the policy -- */

static gboolean
read_varint (const guint8 *buf, gsize len, gsize *pos, gsize *value)
{
  guint multiplier = 1;

  *value = 0;
  for (guint i = 0; i < 4 && *pos < len; i++)
    {
      guint8 byte = buf[(*pos)++];

      *value += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) == 0)
        return TRUE;
      multiplier *= 128;
    }
  return FALSE;
}

static char *
read_string (const guint8 *buf, gsize end, gsize *pos)
{
  gsize n;

  if (*pos + 2 > end)
    return NULL;
  n = (buf[*pos] << 8) | buf[*pos + 1];
  *pos += 2;
  if (*pos + n > end)
    return NULL;
  *pos += n;
  return g_strndup ((const char *) buf + *pos - n, n);
}

/* CONNECT: TRUE (and the version noted) unless the client id is denied. */
static gboolean
allow_connect (Bridge *bridge, const guint8 *buf, gsize start, gsize end)
{
  gsize pos = start;
  g_autofree char *protocol = read_string (buf, end, &pos);
  g_autofree char *client_id = NULL;
  gsize props;

  if (protocol == NULL || pos + 4 > end)
    return TRUE;
  bridge->version = buf[pos];
  pos += 4;   /* level, flags, keep-alive */
  if (bridge->version == 5 && (!read_varint (buf, end, &pos, &props) || (pos += props) > end))
    return TRUE;
  client_id = read_string (buf, end, &pos);
  if (client_id == NULL || bridge->gateway->deny_client_ids == NULL
      || !g_strv_contains ((const char * const *) bridge->gateway->deny_client_ids, client_id))
    return TRUE;

  {
    const guint8 v5[] = { 0x20, 0x03, 0x00, 0x87, 0x00 };
    const guint8 v3[] = { 0x20, 0x02, 0x00, 0x05 };

    g_message ("refused client id %s: not authorized by the policy", client_id);
    if (bridge->version == 5)
      soup_websocket_connection_send_binary (bridge->ws, v5, sizeof v5);
    else
      soup_websocket_connection_send_binary (bridge->ws, v3, sizeof v3);
  }
  return FALSE;
}

/* SUBSCRIBE: TRUE unless every filter in it is denied; then answers the SUBACK itself. */
static gboolean
allow_subscribe (Bridge *bridge, const guint8 *buf, gsize start, gsize end)
{
  gsize pos = start + 2;   /* packet id */
  gsize props;
  guint n_filters = 0;
  g_autoptr(GByteArray) suback = NULL;
  guint8 header[5];
  gsize header_len = 1;
  gsize body_len;

  if (bridge->gateway->deny_filters == NULL || pos > end)
    return TRUE;
  if (bridge->version == 5 && (!read_varint (buf, end, &pos, &props) || (pos += props) > end))
    return TRUE;
  while (pos < end)
    {
      g_autofree char *filter = read_string (buf, end, &pos);

      if (filter == NULL || pos >= end)
        return TRUE;
      pos++;   /* options */
      if (!g_strv_contains ((const char * const *) bridge->gateway->deny_filters, filter))
        return TRUE;
      g_message ("refused a subscription to %s: not authorized by the policy", filter);
      n_filters++;
    }
  if (n_filters == 0)
    return TRUE;

  body_len = 2 + (bridge->version == 5 ? 1 : 0) + n_filters;
  header[0] = 0x90;
  header[header_len++] = body_len;   /* < 128 for any sane SUBSCRIBE */
  suback = g_byte_array_new ();
  g_byte_array_append (suback, header, header_len);
  g_byte_array_append (suback, buf + start, 2);
  if (bridge->version == 5)
    g_byte_array_append (suback, (const guint8 *) "\0", 1);
  for (guint i = 0; i < n_filters; i++)
    g_byte_array_append (suback, (const guint8 *) (bridge->version == 5 ? "\x87" : "\x80"), 1);
  soup_websocket_connection_send_binary (bridge->ws, suback->data, suback->len);
  return FALSE;
}

/* The client's bytes minus what the policy answered itself; NULL to close the connection. */
static GBytes *
apply_policy (Bridge *bridge, GBytes *message)
{
  gsize len;
  const guint8 *buf = g_bytes_get_data (message, &len);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize pos = 0;

  while (pos < len)
    {
      gsize header = pos + 1;
      gsize remaining;
      guint8 type = buf[pos] >> 4;

      if (!read_varint (buf, len, &header, &remaining) || header + remaining > len)
        {
          /* Not whole packets: pass the rest through untouched. */
          g_byte_array_append (out, buf + pos, len - pos);
          break;
        }
      if (type == 1 && !allow_connect (bridge, buf, header, header + remaining))
        return NULL;
      if (type != 8 || allow_subscribe (bridge, buf, header, header + remaining))
        g_byte_array_append (out, buf + pos, header + remaining - pos);
      pos = header + remaining;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
fb_sim_gateway_close_later_cb (gpointer data)
{
  bridge_close (data);
  return G_SOURCE_REMOVE;
}

static void
fb_sim_gateway_ws_message_cb (SoupWebsocketConnection *ws,
                              int                      type,
                              GBytes                  *message,
                              gpointer                 user_data)
{
  Bridge *bridge = user_data;
  g_autoptr(GBytes) allowed = NULL;

  if (bridge->closed)
    return;
  allowed = apply_policy (bridge, message);
  if (allowed == NULL)
    {
      /* As AWS does: the refusal goes out, then the connection closes. */
      g_timeout_add_full (G_PRIORITY_DEFAULT, 200, fb_sim_gateway_close_later_cb, bridge_ref (bridge), (GDestroyNotify) bridge_unref);
      return;
    }
  if (g_bytes_get_size (allowed) == 0)
    return;
  if (bridge->broker == NULL)
    g_queue_push_tail (&bridge->pending, g_steal_pointer (&allowed));
  else if (!write_to_broker (bridge, allowed))
    bridge_close (bridge);
}

static void
fb_sim_gateway_ws_closed_cb (SoupWebsocketConnection *ws,
                             gpointer                 user_data)
{
  bridge_close (user_data);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  FbSimGateway *self = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  Bridge *bridge = g_new0 (Bridge, 1);

  g_atomic_ref_count_init (&bridge->ref_count);
  bridge->ws = g_object_ref (connection);
  bridge->cancellable = g_cancellable_new ();
  bridge->from_broker = g_byte_array_new ();
  bridge->gateway = self;
  bridge->version = 4;
  g_queue_init (&bridge->pending);

  /* Loopback only: no proxy lookup (it would also load libproxy in every test). */
  g_socket_client_set_enable_proxy (client, FALSE);
  soup_websocket_connection_set_max_incoming_payload_size (connection, 2 * 1024 * 1024);
  g_signal_connect_data (connection, "message", G_CALLBACK (fb_sim_gateway_ws_message_cb), bridge_ref (bridge),
                         (GClosureNotify) (void (*) (void)) bridge_unref, 0);
  g_signal_connect (connection, "closed", G_CALLBACK (fb_sim_gateway_ws_closed_cb), bridge);

  g_socket_client_connect_to_host_async (client, "127.0.0.1", self->broker_port, bridge->cancellable,
                                         fb_sim_gateway_broker_connected_cb, bridge);
}

/* Runs before the WebSocket handshake: a status set here refuses the upgrade. */
static void
check_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  FbSimGateway *self = user_data;
  g_auto(FbSimAuthError) error = { 0 };

  if (!fb_sim_verify_presigned (self->identities, msg, self->region, "iotdevicegateway", &error))
    {
      g_message ("refused a connection to /mqtt: %s: %s", error.type, error.message);
      fb_sim_answer_auth_error (msg, &error);
    }
}

static void
fb_sim_gateway_finalize (GObject *object)
{
  FbSimGateway *self = FB_SIM_GATEWAY (object);

  g_clear_object (&self->identities);
  g_free (self->region);
  g_strfreev (self->deny_client_ids);
  g_strfreev (self->deny_filters);

  G_OBJECT_CLASS (fb_sim_gateway_parent_class)->finalize (object);
}

static void
fb_sim_gateway_class_init (FbSimGatewayClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_sim_gateway_finalize;
}

static void
fb_sim_gateway_init (FbSimGateway *self)
{
}

FbSimGateway *
fb_sim_gateway_new (SoupServer      *server,
                    FbSimIdentities *identities,
                    const char      *region,
                    guint16          broker_port)
{
  FbSimGateway *self = g_object_new (FB_TYPE_SIM_GATEWAY, NULL);
  char *protocols[] = { (char *) "mqtt", NULL };

  self->identities = g_object_ref (identities);
  self->region = g_strdup (region);
  self->broker_port = broker_port;

  soup_server_add_handler (server, "/mqtt", check_cb, self, NULL);
  soup_server_add_websocket_handler (server, "/mqtt", NULL, protocols, websocket_cb, self, NULL);
  return self;
}

void
fb_sim_gateway_set_policy (FbSimGateway       *self,
                           const char * const *deny_client_ids,
                           const char * const *deny_filters)
{
  g_strfreev (self->deny_client_ids);
  g_strfreev (self->deny_filters);
  self->deny_client_ids = g_strdupv ((char **) deny_client_ids);
  self->deny_filters = g_strdupv ((char **) deny_filters);
}
