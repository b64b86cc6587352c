/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-eventbridge.c: PutEvents request and answer, strictly as the API documents them. */
#define G_LOG_DOMAIN "fb-eventbridge"

#include "fb-aws-endpoint.h"
#include "fb-eventbridge.h"
#include "fb-json.h"

char *
fb_eventbridge_resolve_endpoint (const char  *region,
                                 const char  *profile,
                                 GError     **error)
{
  g_autofree char *default_url = g_strdup_printf ("https://events.%s.amazonaws.com/", region);

  return fb_aws_endpoint_resolve ("EVENTBRIDGE", default_url, profile, NULL, error);
}

static void
put_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) answer = NULL;
  GError *error = NULL;
  JsonObject *object;
  JsonArray *entries;
  JsonObject *entry;
  JsonNode *node;
  double failed = 0;
  const char *event_id;

  answer = fb_aws_json_client_call_finish (FB_AWS_JSON_CLIENT (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  object = json_node_get_object (answer);
  node = json_object_get_member (object, "Entries");
  entries = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  node = entries != NULL && json_array_get_length (entries) == 1 ? json_array_get_element (entries, 0) : NULL;
  entry = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (entry == NULL)
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                               "EventBridge answered without a result for the event");
      return;
    }

  if (json_object_has_member (object, "FailedEntryCount") && !fb_json_get_number (object, "FailedEntryCount", &failed))
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                               "EventBridge answered with a FailedEntryCount that is not a number");
      return;
    }
  if (failed > 0 || json_object_has_member (entry, "ErrorCode"))
    {
      const char *code = fb_json_get_string (entry, "ErrorCode");
      const char *message = fb_json_get_string (entry, "ErrorMessage");

      code = code != NULL ? code : "no error code";
      message = message != NULL ? message : "no reason given";

      g_task_return_new_error (task, FB_AWS_ERROR, fb_aws_error_from_type (code, 200),
                               "EventBridge refused the event: %s (%s)", message, code);
      return;
    }

  event_id = fb_json_get_string (entry, "EventId");
  if (event_id == NULL || *event_id == '\0')
    {
      g_task_return_new_error (task, FB_AWS_ERROR, FB_AWS_ERROR_BAD_RESPONSE,
                               "EventBridge answered without an EventId");
      return;
    }

  g_task_return_pointer (task, g_strdup (event_id), g_free);
}

void
fb_eventbridge_put_event_async (FbAwsJsonClient     *client,
                                const char          *bus,
                                const char          *source,
                                const char          *detail_type,
                                const char          *detail,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GTask *task;

  g_return_if_fail (FB_IS_AWS_JSON_CLIENT (client));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Entries");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "Source");
  json_builder_add_string_value (builder, source);
  json_builder_set_member_name (builder, "DetailType");
  json_builder_add_string_value (builder, detail_type);
  json_builder_set_member_name (builder, "Detail");
  json_builder_add_string_value (builder, detail);
  json_builder_set_member_name (builder, "EventBusName");
  json_builder_add_string_value (builder, bus);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_eventbridge_put_event_async);
  g_task_set_check_cancellable (task, FALSE);
  fb_aws_json_client_call_async (client, "AWSEvents.PutEvents", body, cancellable, put_cb, task);
}

char *
fb_eventbridge_put_event_finish (FbAwsJsonClient  *client,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
