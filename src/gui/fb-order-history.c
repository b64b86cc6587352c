/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-order-history.c: one order's full event history, oldest first, as received. Events that
   did not change the order (a duplicate, or older than what it held) are marked so a person sees
   why the status did not move. */
#define G_LOG_DOMAIN "fb-order-history"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-describe.h"
#include "fb-format.h"
#include "fb-message-view.h"
#include "fb-order-event.h"
#include "fb-order-history.h"
#include "fb-session.h"
#include "fb-status-badge.h"

struct _FbOrderHistory
{
  GtkWidget      parent_instance;

  GtkLabel      *id_label;
  FbStatusBadge *status_badge;
  GtkLabel      *summary_label;
  GtkListBox    *events_list;
  FbMessageView *message_view;
  GtkWidget     *back_button;
  GtkWidget     *close_button;

  FbOrder       *order;
  FbSession     *session;      /* where an event's message is looked up */
  GCancellable  *finding;
  gulong         notify_id;
  guint          n_shown;
  gconstpointer  last_shown;   /* the newest event shown, to notice a capped history moving */
};

G_DEFINE_FINAL_TYPE (FbOrderHistory, fb_order_history, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ORDER,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
event_row_new (const FbOrderEvent *event,
               const char         *ignored,
               gint64              now)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *badge = fb_status_badge_new ();
  GtkWidget *label;
  g_autofree char *received = fb_format_local_time (event->received_at, now, TRUE);
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;

  label = gtk_label_new (received);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_tooltip_text (label, _("Received"));
  gtk_box_append (GTK_BOX (line), label);

  fb_status_badge_set_status (FB_STATUS_BADGE (badge), event->status);
  gtk_box_append (GTK_BOX (line), badge);

  /* The event's kind on the line below, beside its time as sent, and why it was ignored on a line
     of its own (wrapped): the first line stays narrow enough for a phone (360 px). */
  gtk_box_append (GTK_BOX (box), line);
  if (ignored != NULL)
    {
      label = gtk_label_new (ignored);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (row, "event-ignored");
    }

  /* Translators: an order event's updatedAt time, exactly as the backend sent it. */
  details = g_strdup_printf (_("updatedAt %s"),
                             event->updated_at_text != NULL ? event->updated_at_text : "");
  {
    g_autofree char *kind_details = g_strdup_printf ("%s · %s", event->event != NULL ? event->event : "", details);

    label = gtk_label_new (kind_details);
  }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (event->topic);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_tooltip_text (label, _("MQTT topic"));
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);

  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  accessible = g_strjoin (", ", received, fb_order_status_label (event->status), event->event,
                          details, event->topic != NULL ? event->topic : "",
                          ignored, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return row;
}

/* -- the selected event's message, from the session's ring or the history -- */

static void
fb_order_history_show_message (FbOrderHistory *self,
                               FbRawMessage   *message,
                               const char     *status)
{
  g_cancellable_cancel (self->finding);
  g_clear_object (&self->finding);
  fb_message_view_set_message (self->message_view, message, status);
}

static void
fb_order_history_found_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  FbOrderHistory *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRawMessage) message = fb_session_find_message_finish (FB_SESSION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->finding);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the history: %s"), error->message);

      fb_message_view_set_message (self->message_view, NULL, text);
    }
  else
    fb_message_view_set_message (self->message_view, message,
                                 _("This message is no longer kept: it is older than the newest messages "
                                   "and the history does not hold it"));
}

static void
fb_order_history_event_selected_cb (FbOrderHistory *self,
                                    GtkListBoxRow  *row)
{
  GPtrArray *history = self->order != NULL ? fb_order_get_history (self->order) : NULL;
  const FbOrderEvent *event;
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  g_assert (FB_IS_ORDER_HISTORY (self));

  if (history == NULL || index < 0 || (guint) index >= history->len)
    {
      fb_order_history_show_message (self, NULL, _("Select an event to see its message as it arrived"));
      return;
    }
  event = g_ptr_array_index (history, index);
  if (event->topic == NULL || *event->topic == '\0')
    {
      fb_order_history_show_message (self, NULL, _("Read from the backend's polling API: it came in no MQTT message"));
      return;
    }
  if (self->session == NULL)
    {
      fb_order_history_show_message (self, NULL, _("No connection to look the message up in"));
      return;
    }
  fb_order_history_show_message (self, NULL, _("Looking for the message…"));
  self->finding = g_cancellable_new ();
  fb_session_find_message_async (self->session,
                                 &(FbLedgerMessageRef) { FB_LEDGER_KIND_ORDER, event->topic, event->received_at,
                                                         event->order_id, event->updated_at_text },
                                 self->finding, fb_order_history_found_cb, self);
}

void
fb_order_history_set_session (FbOrderHistory *self,
                              FbSession      *session)
{
  g_return_if_fail (FB_IS_ORDER_HISTORY (self));
  g_return_if_fail (session == NULL || FB_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
fb_order_history_rebuild (FbOrderHistory *self)
{
  GPtrArray *history = NULL;
  gint64 now = g_get_real_time ();
  gint64 newest = G_MININT64;
  guint n_ignored = 0;
  g_autofree char *summary = NULL;

  g_assert (FB_IS_ORDER_HISTORY (self));

  if (self->order != NULL)
    history = fb_order_get_history (self->order);

  /* Events get appended: add the new rows. Start over for another order, or when the order's
     bounded history dropped its oldest events (what was last shown moved). */
  if (history == NULL || history->len < self->n_shown
      || (self->n_shown > 0 && g_ptr_array_index (history, self->n_shown - 1) != self->last_shown))
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
        gtk_list_box_remove (self->events_list, child);
      self->n_shown = 0;
      fb_order_history_show_message (self, NULL, _("Select an event to see its message as it arrived"));
    }

  gtk_label_set_label (self->id_label, self->order != NULL ? fb_order_get_order_id (self->order) : "");
  fb_status_badge_set_status (self->status_badge,
                              self->order != NULL ? fb_order_get_status (self->order) : NULL);

  /* Replay last-writer-wins to tell which events moved the order. */
  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      const FbOrderEvent *event = g_ptr_array_index (history, i);
      const char *ignored = NULL;

      if (i > 0 && event->updated_at < newest)
        ignored = _("ignored (older)");
      else if (i > 0 && event->updated_at == newest)
        ignored = _("ignored (duplicate)");
      else
        newest = event->updated_at;

      if (ignored != NULL)
        n_ignored++;
      if (i >= self->n_shown)
        gtk_list_box_append (self->events_list, event_row_new (event, ignored, now));
    }
  self->n_shown = history != NULL ? history->len : 0;
  self->last_shown = self->n_shown > 0 ? g_ptr_array_index (history, self->n_shown - 1) : NULL;

  if (history != NULL)
    {
      g_autofree char *events = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events",
                                                              history->len), history->len);
      if (n_ignored > 0)
        /* Translators: "8 events, 2 ignored" */
        summary = g_strdup_printf (_("%s, %u ignored"), events, n_ignored);
      else
        summary = g_steal_pointer (&events);
    }
  gtk_label_set_label (self->summary_label, summary != NULL ? summary : "");
}

static void
fb_order_history_order_notify_cb (FbOrderHistory *self)
{
  fb_order_history_rebuild (self);
}

GtkWidget *
fb_order_history_new (void)
{
  return g_object_new (FB_TYPE_ORDER_HISTORY, NULL);
}

FbOrder *
fb_order_history_get_order (FbOrderHistory *self)
{
  g_return_val_if_fail (FB_IS_ORDER_HISTORY (self), NULL);

  return self->order;
}

void
fb_order_history_set_order (FbOrderHistory *self,
                            FbOrder        *order)
{
  g_return_if_fail (FB_IS_ORDER_HISTORY (self));
  g_return_if_fail (order == NULL || FB_IS_ORDER (order));

  if (self->order == order)
    return;

  if (self->order != NULL)
    g_clear_signal_handler (&self->notify_id, self->order);
  g_set_object (&self->order, order);
  self->n_shown = G_MAXUINT;   /* another order: start over */
  if (order != NULL)
    self->notify_id = g_signal_connect_swapped (order, "notify", G_CALLBACK (fb_order_history_order_notify_cb), self);

  fb_order_history_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER]);
}

void
fb_order_history_set_page (FbOrderHistory *self,
                           gboolean        page)
{
  g_return_if_fail (FB_IS_ORDER_HISTORY (self));

  gtk_widget_set_visible (self->back_button, page);
  gtk_widget_set_visible (self->close_button, !page);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE], 0);
}

static void
fb_order_history_dispose (GObject *object)
{
  FbOrderHistory *self = FB_ORDER_HISTORY (object);
  GtkWidget *child;

  if (self->order != NULL)
    g_clear_signal_handler (&self->notify_id, self->order);
  g_clear_object (&self->order);
  g_cancellable_cancel (self->finding);
  g_clear_object (&self->finding);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ORDER_HISTORY);
  /* dispose_template () only unparents children with an id; the top box has none. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_order_history_parent_class)->dispose (object);
}

static void
fb_order_history_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FbOrderHistory *self = FB_ORDER_HISTORY (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      g_value_set_object (value, self->order);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_order_history_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FbOrderHistory *self = FB_ORDER_HISTORY (object);

  switch (prop_id)
    {
    case PROP_ORDER:
      fb_order_history_set_order (self, g_value_get_object (value));
      break;

    case PROP_SESSION:
      fb_order_history_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_order_history_class_init (FbOrderHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_order_history_dispose;
  object_class->get_property = fb_order_history_get_property;
  object_class->set_property = fb_order_history_set_property;

  properties[PROP_ORDER] =
    g_param_spec_object ("order", NULL, NULL, FB_TYPE_ORDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Where the selected event's message is looked up (its ring, then its history). */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The pane asks to be closed; its owner unselects the order. */
  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "history.close", NULL, close_action);

  g_type_ensure (FB_TYPE_STATUS_BADGE);
  g_type_ensure (FB_TYPE_MESSAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-order-history.ui");
  gtk_widget_class_bind_template_child (widget_class, FbOrderHistory, id_label);
  gtk_widget_class_bind_template_child (widget_class, FbOrderHistory, status_badge);
  gtk_widget_class_bind_template_child (widget_class, FbOrderHistory, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FbOrderHistory, events_list);
  gtk_widget_class_bind_template_child (widget_class, FbOrderHistory, message_view);
  gtk_widget_class_bind_template_child (widget_class, FbOrderHistory, back_button);
  gtk_widget_class_bind_template_child (widget_class, FbOrderHistory, close_button);
  gtk_widget_class_bind_template_callback (widget_class, fb_order_history_event_selected_cb);
  /* A group keeps its name ("Order history") for screen readers: GTK 4.18 drops a generic
     widget's. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-order-history");
}

static void
fb_order_history_init (FbOrderHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
