/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-message-view.c: a message as it arrived, shown only through plain-text APIs (a label's text,
 * a text buffer), never as markup, whatever the topic or the payload hold. The copies put the
 * exact bytes on the clipboard: text when they are UTF-8, and application/octet-stream always. */
#define G_LOG_DOMAIN "fb-message-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-message-text.h"
#include "fb-message-view.h"
#include "fb-inbound.h"

struct _FbMessageView
{
  GtkWidget      parent_instance;

  GtkLabel      *status_label;
  GtkWidget     *content_box;
  GtkLabel      *topic_label;
  GtkWidget     *copy_button;
  GtkLabel      *details_label;
  GtkLabel      *reason_label;
  GtkLabel      *form_label;
  GtkTextView   *payload_view;

  FbRawMessage  *message;
  char          *order_id;   /* the order's, when the message is an order event */
};

G_DEFINE_FINAL_TYPE (FbMessageView, fb_message_view, GTK_TYPE_WIDGET)

static const char *
form_words (FbPayloadForm form)
{
  switch (form)
    {
    case FB_PAYLOAD_FORM_EMPTY:
      return _("The payload is empty");
    case FB_PAYLOAD_FORM_JSON:
      return _("JSON, indented; values exactly as sent");
    case FB_PAYLOAD_FORM_TEXT:
      return _("Text; control characters and bytes that are not UTF-8 shown as \\xNN");
    case FB_PAYLOAD_FORM_BINARY:
    default:
      return _("Binary: offset, bytes in hexadecimal, and the printable ones");
    }
}

static char *
describe_details (FbRawMessage *message)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (fb_raw_message_get_payload (message), &len);
  g_autofree char *received = fb_format_local_time (fb_raw_message_get_received_at (message), g_get_real_time (), TRUE);
  g_autofree char *backend = fb_message_text_backend_time (data, len);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (fb_raw_message_get_qos (message) >= 0)
    /* Translators: the MQTT quality of service a message came with */
    g_ptr_array_add (parts, g_strdup_printf (_("QoS %d"), fb_raw_message_get_qos (message)));
  else
    g_ptr_array_add (parts, g_strdup (_("QoS and retained flag not recorded")));
  if (fb_raw_message_get_retained (message) == 1)
    g_ptr_array_add (parts, g_strdup (_("Retained")));
  else if (fb_raw_message_get_retained (message) == 0)
    g_ptr_array_add (parts, g_strdup (_("Not retained")));
  g_ptr_array_add (parts, g_strdup_printf (_("Received %s"), received));
  if (backend != NULL)
    /* Translators: the time the backend wrote in the message, as it wrote it */
    g_ptr_array_add (parts, g_strdup_printf (_("Backend time %s"), backend));
  /* Translators: the size of a message's payload */
  g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu byte", "%lu bytes", len),
                                           (unsigned long) len));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static void
fb_message_view_update_actions (FbMessageView *self)
{
  g_assert (FB_IS_MESSAGE_VIEW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.copy-payload", self->message != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.copy-message", self->message != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.copy-order-id", self->order_id != NULL);
  gtk_widget_set_sensitive (self->copy_button, self->message != NULL);
}

void
fb_message_view_set_message (FbMessageView *self,
                             FbRawMessage  *message,
                             const char    *status)
{
  GtkTextBuffer *buffer;
  g_autofree char *topic = NULL;
  g_autofree char *details = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *reason = NULL;
  FbPayloadForm form = FB_PAYLOAD_FORM_EMPTY;
  const guint8 *data = NULL;
  gsize len = 0;

  g_return_if_fail (FB_IS_MESSAGE_VIEW (self));
  g_return_if_fail (message == NULL || FB_IS_RAW_MESSAGE (message));

  g_set_object (&self->message, message);
  g_clear_pointer (&self->order_id, g_free);
  buffer = gtk_text_view_get_buffer (self->payload_view);

  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message == NULL);
  gtk_widget_set_visible (self->content_box, message != NULL);
  if (message == NULL)
    {
      gtk_label_set_text (self->status_label, status != NULL ? status : _("No message selected"));
      gtk_text_buffer_set_text (buffer, "", 0);
      fb_message_view_update_actions (self);
      return;
    }

  data = g_bytes_get_data (fb_raw_message_get_payload (message), &len);
  topic = fb_message_text_escape ((const guint8 *) fb_raw_message_get_topic (message),
                                  strlen (fb_raw_message_get_topic (message)), FALSE);
  details = describe_details (message);
  payload = fb_message_text_payload (data, len, &form);

  gtk_label_set_text (self->topic_label, topic);
  gtk_label_set_text (self->details_label, details);
  if (fb_raw_message_get_reason (message) != NULL)
    {
      g_autofree char *safe = fb_message_text_escape ((const guint8 *) fb_raw_message_get_reason (message),
                                                      strlen (fb_raw_message_get_reason (message)), FALSE);

      /* Translators: why Feedboard did not use a message, e.g. "Refused: The message is not JSON" */
      reason = g_strdup_printf (_("Refused: %s"), safe);
    }
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
  gtk_label_set_text (self->form_label, form_words (form));
  gtk_text_buffer_set_text (buffer, payload, -1);

  if (fb_raw_message_get_kind (message) == FB_LEDGER_KIND_ORDER && fb_raw_message_get_reason (message) == NULL)
    {
      g_autoptr(FbInboundEvent) event = fb_inbound_decode (fb_raw_message_get_topic (message), data, len,
                                                           fb_raw_message_get_received_at (message), FALSE, 0);

      if (event->kind == FB_INBOUND_ORDER)
        self->order_id = g_strdup (event->order->order_id);
    }
  fb_message_view_update_actions (self);
}

FbRawMessage *
fb_message_view_get_message (FbMessageView *self)
{
  g_return_val_if_fail (FB_IS_MESSAGE_VIEW (self), NULL);

  return self->message;
}

/* -- copying -- */

static void
copy_bytes (FbMessageView *self,
            GBytes        *bytes,
            const char    *text)
{
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *both[2];

  g_assert (FB_IS_MESSAGE_VIEW (self));

  /* The union takes both references. */
  both[0] = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  both[1] = gdk_content_provider_new_for_bytes ("application/octet-stream", bytes);
  provider = gdk_content_provider_new_union (both, G_N_ELEMENTS (both));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);
}

static void
copy_payload_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FbMessageView *self = FB_MESSAGE_VIEW (widget);
  GBytes *payload;
  const char *data;
  gsize len;
  g_autofree char *text = NULL;

  if (self->message == NULL)
    return;
  payload = fb_raw_message_get_payload (self->message);
  data = g_bytes_get_data (payload, &len);
  /* Text as it came when it is text; else escaped, the exact bytes as octet-stream. */
  if (data != NULL && g_utf8_validate (data, len, NULL) && memchr (data, '\0', len) == NULL)
    text = g_strndup (data, len);
  else
    text = fb_message_text_escape ((const guint8 *) data, len, TRUE);
  copy_bytes (self, payload, text);
}

static void
copy_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FbMessageView *self = FB_MESSAGE_VIEW (widget);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize len;

  if (self->message == NULL)
    return;
  data = g_bytes_get_data (fb_raw_message_get_payload (self->message), &len);
  text = fb_message_text_whole (fb_raw_message_get_topic (self->message), data, len,
                                fb_raw_message_get_qos (self->message), fb_raw_message_get_retained (self->message),
                                fb_raw_message_get_received_at (self->message), fb_raw_message_get_reason (self->message));
  bytes = g_bytes_new (text, strlen (text));
  copy_bytes (self, bytes, text);
}

static void
copy_order_id_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FbMessageView *self = FB_MESSAGE_VIEW (widget);

  if (self->order_id != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->order_id);
}

/* -- life -- */

static void
fb_message_view_dispose (GObject *object)
{
  FbMessageView *self = FB_MESSAGE_VIEW (object);
  GtkWidget *child;

  g_clear_object (&self->message);
  g_clear_pointer (&self->order_id, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_MESSAGE_VIEW);
  /* dispose_template () only unparents children with an id; the top box has none. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_message_view_parent_class)->dispose (object);
}

static void
fb_message_view_class_init (FbMessageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_message_view_dispose;

  gtk_widget_class_install_action (widget_class, "message.copy-payload", NULL, copy_payload_action);
  gtk_widget_class_install_action (widget_class, "message.copy-message", NULL, copy_message_action);
  gtk_widget_class_install_action (widget_class, "message.copy-order-id", NULL, copy_order_id_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-message-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, status_label);
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, content_box);
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, topic_label);
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, details_label);
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, reason_label);
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, form_label);
  gtk_widget_class_bind_template_child (widget_class, FbMessageView, payload_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-message-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The copies answer their shortcuts wherever the focus is in the window (or the popover) that
   shows this view, while it is shown: a person reading an order's events has the focus in the
   list, not here. */
static void
add_shortcut (GtkEventController *controller,
              GtkShortcutTrigger *trigger,
              const char         *action)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, gtk_named_action_new (action)));
}

static void
fb_message_view_add_shortcuts (FbMessageView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  /* Before the window's own shortcuts: on GTK 4.18 another shortcut of the window's (a callback,
     not ours) answered Ctrl+Shift+M first and nothing was copied. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (controller, gtk_shortcut_trigger_parse_string ("<Control><Shift>c"), "message.copy-payload");
  add_shortcut (controller, gtk_shortcut_trigger_parse_string ("<Control><Shift>m"), "message.copy-message");
  add_shortcut (controller, gtk_shortcut_trigger_parse_string ("<Control><Shift>o"), "message.copy-order-id");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
fb_message_view_init (FbMessageView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fb_message_view_add_shortcuts (self);
  fb_message_view_set_message (self, NULL, NULL);
}

GtkWidget *
fb_message_view_new (void)
{
  return g_object_new (FB_TYPE_MESSAGE_VIEW, NULL);
}
