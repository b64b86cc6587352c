/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-feeder-state.c: bytes + topic → a feeder state or a reason it is not one. */
#define G_LOG_DOMAIN "fb-feeder-state"

#include <math.h>
#include <string.h>

#include "fb-feeder-state.h"
#include "fb-json.h"

G_DEFINE_BOXED_TYPE (FbFeederState, fb_feeder_state, fb_feeder_state_copy, fb_feeder_state_free)

FbFeederState *
fb_feeder_state_copy (const FbFeederState *state)
{
  FbFeederState *copy = g_new0 (FbFeederState, 1);

  copy->feeder_id = g_strdup (state->feeder_id);
  copy->topic = g_strdup (state->topic);
  copy->device_location = g_strdup (state->device_location);
  copy->food_capacity = state->food_capacity;
  copy->device_time = g_strdup (state->device_time);
  copy->state_1 = g_strdup (state->state_1);
  copy->state_2 = g_strdup (state->state_2);
  copy->received_at = state->received_at;
  return copy;
}

void
fb_feeder_state_free (FbFeederState *state)
{
  if (state == NULL)
    return;

  g_free (state->feeder_id);
  g_free (state->topic);
  g_free (state->device_location);
  g_free (state->device_time);
  g_free (state->state_1);
  g_free (state->state_2);
  g_free (state);
}

static gboolean
merge_text (char       **field,
            const char  *value)
{
  if (value == NULL || g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

gboolean
fb_feeder_state_merge (FbFeederState       *into,
                       const FbFeederState *update)
{
  gboolean changed = FALSE;

  if (update->received_at < into->received_at)
    return FALSE;

  changed |= merge_text (&into->topic, update->topic);
  changed |= merge_text (&into->device_location, update->device_location);
  changed |= merge_text (&into->device_time, update->device_time);
  changed |= merge_text (&into->state_1, update->state_1);
  changed |= merge_text (&into->state_2, update->state_2);
  if (update->food_capacity >= 0 && update->food_capacity != into->food_capacity)
    {
      into->food_capacity = update->food_capacity;
      changed = TRUE;
    }
  into->received_at = update->received_at;
  return changed;
}

static gboolean
is_printable (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* A scalar as text, for fields whose type varies between firmware versions. Absent or null → NULL. */
static gboolean
get_scalar_text (JsonObject  *object,
                 const char  *name,
                 char       **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *text = NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE,
                   "The field “%s” should be a string or a number but is %s", name, fb_json_type_name (node));
      return FALSE;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      text = g_strdup (json_node_get_string (node));
      break;
    case G_TYPE_BOOLEAN:
      text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_INT64:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    default:
      text = g_strdup_printf ("%g", json_node_get_double (node));
      break;
    }

  if (strlen (text) > FB_FEEDER_MAX_ID_LEN || !is_printable (text))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The field “%s” is longer than %d bytes or contains control characters",
                   name, FB_FEEDER_MAX_ID_LEN);
      return FALSE;
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
get_food_capacity (JsonObject  *object,
                   int         *out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, "food_capacity");
  double value;

  *out = -1;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node)
      || (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_WRONG_TYPE,
                   "The field “food_capacity” should be a number but is %s", fb_json_type_name (node));
      return FALSE;
    }

  value = json_node_get_double (node);
  if (!isfinite (value) || value < 0 || value > 100)
    {
      g_set_error (error, FB_DECODE_ERROR, FB_DECODE_ERROR_INVALID_VALUE,
                   "The field “food_capacity” is %g; a percentage from 0 to 100 was expected", value);
      return FALSE;
    }

  *out = (int) lround (value);
  return TRUE;
}

FbFeederState *
fb_feeder_state_decode (const char    *topic,
                        const guint8  *data,
                        gsize          len,
                        gint64         received_at,
                        GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(FbFeederState) state = g_new0 (FbFeederState, 1);
  JsonObject *object;

  parser = fb_json_parse_object (data, len, FB_FEEDER_STATE_MAX_PAYLOAD, "feeder states", &object, error);
  if (parser == NULL)
    return NULL;

  if (!get_scalar_text (object, "device_location", &state->device_location, error)
      || !get_scalar_text (object, "time", &state->device_time, error)
      || !get_scalar_text (object, "state_1", &state->state_1, error)
      || !get_scalar_text (object, "state_2", &state->state_2, error)
      || !get_food_capacity (object, &state->food_capacity, error))
    return NULL;

  if (state->device_location != NULL && *state->device_location == '\0')
    g_clear_pointer (&state->device_location, g_free);

  state->topic = g_strdup (topic != NULL ? topic : "");
  state->feeder_id = g_strdup (state->device_location != NULL ? state->device_location : state->topic);
  state->received_at = received_at;
  return g_steal_pointer (&state);
}
