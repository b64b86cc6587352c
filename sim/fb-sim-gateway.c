/* fb-sim-gateway.c: GET /mqtt with a SigV4-presigned query, checked as AWS IoT checks it;
 * on success the WebSocket (sub-protocol "mqtt") is bridged to the local broker's TCP port.
 * Bytes from the broker are cut into whole MQTT packets, one per WebSocket frame, as AWS
 * sends them. */
#define G_LOG_DOMAIN "fb-sim-gateway"

#include "fb-sim-gateway.h"
#include "fb-sim-verify.h"

struct _FbSimGateway
{
  GObject          parent_instance;
  FbSimIdentities *identities;
  char            *region;
  guint16          broker_port;
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
on_broker_read (GObject      *source,
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
                                   on_broker_read, bridge_ref (bridge));
}

static void
on_broker_connected (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Bridge *bridge = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bridge->broker = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (bridge->broker == NULL)
    {
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

static void
on_ws_message (SoupWebsocketConnection *ws,
               int                      type,
               GBytes                  *message,
               gpointer                 user_data)
{
  Bridge *bridge = user_data;

  if (bridge->closed)
    return;
  if (bridge->broker == NULL)
    g_queue_push_tail (&bridge->pending, g_bytes_ref (message));
  else if (!write_to_broker (bridge, message))
    bridge_close (bridge);
}

static void
on_ws_closed (SoupWebsocketConnection *ws,
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
  g_queue_init (&bridge->pending);

  /* Loopback only: no proxy lookup (it would also load libproxy in every test). */
  g_socket_client_set_enable_proxy (client, FALSE);
  soup_websocket_connection_set_max_incoming_payload_size (connection, 2 * 1024 * 1024);
  g_signal_connect_data (connection, "message", G_CALLBACK (on_ws_message), bridge_ref (bridge),
                         (GClosureNotify) (void (*) (void)) bridge_unref, 0);
  g_signal_connect (connection, "closed", G_CALLBACK (on_ws_closed), bridge);

  g_socket_client_connect_to_host_async (client, "127.0.0.1", self->broker_port, bridge->cancellable,
                                         on_broker_connected, bridge);
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
