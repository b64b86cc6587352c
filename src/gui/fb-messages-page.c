/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-messages-page.c: the Messages page. Live, the list shows the session's ring through a
 * GtkFilterListModel that filters incrementally; the ring changes once per frame batch, never per
 * message, and while the page is not shown the list lets go of it, so a closed page costs nothing.
 * Paused, the list shows a snapshot of the ring taken at that moment. In time travel the history
 * is read a page at a time, on a thread, with the filters in the query. */
#define G_LOG_DOMAIN "fb-messages-page"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-ledger-messages.h"
#include "fb-message-text.h"
#include "fb-message-view.h"
#include "fb-messages-page.h"

#define PREVIEW_BYTES 160

struct _FbMessagesPage
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *topic_entry;
  GtkSearchEntry     *text_entry;
  GtkToggleButton    *pause_button;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  AdwStatusPage      *empty_page;
  GtkListView        *list_view;
  GtkWidget          *older_button;
  FbMessageView      *message_view;
  GtkWidget          *leaflet;
  GtkWidget          *back_button;

  FbSession          *session;
  FbMessageRing      *ring;
  gulong              ring_changed_id;
  GListStore         *snapshot;   /* the ring as it was when paused */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char               *topic_part;
  char               *text;
  gboolean            paused;

  /* time travel */
  FbLedger           *ledger;
  gint64              past_at;
  GListStore         *past;
  GCancellable       *reading;
  gint64              oldest_seq;
  gboolean            past_more;
};

G_DEFINE_FINAL_TYPE (FbMessagesPage, fb_messages_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* -- rows -- */

static char *
kind_words (FbRawMessage *message)
{
  if (fb_raw_message_get_reason (message) != NULL)
    {
      g_autofree char *reason = fb_message_text_escape ((const guint8 *) fb_raw_message_get_reason (message),
                                                        strlen (fb_raw_message_get_reason (message)), FALSE);
      return g_strdup_printf (_("Refused: %s"), reason);
    }
  switch (fb_raw_message_get_kind (message))
    {
    case FB_LEDGER_KIND_ORDER: return g_strdup (_("Order event"));
    case FB_LEDGER_KIND_FEEDER_STATE: return g_strdup (_("Feeder state"));
    case FB_LEDGER_KIND_FEED_ACTION: return g_strdup (_("Feed action"));
    /* Messages on other topics are shown, and kept in the history, but not read. */
    default: return g_strdup (_("Not read: not an order or feeder topic"));
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  /* A group keeps the name the bind gives it on GTK 4.18 too, which drops a generic box's. */
  GtkWidget *box = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 2,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP, NULL);
  const char *classes[][2] = { { "caption", "numeric" }, { "monospace", NULL }, { "caption", "dim-label" } };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), i == 1 ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, classes[i][0]);
      if (classes[i][1] != NULL)
        gtk_widget_add_css_class (label, classes[i][1]);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  FbRawMessage *message = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *when_label = gtk_widget_get_first_child (box);
  GtkWidget *topic_label = gtk_widget_get_next_sibling (when_label);
  GtkWidget *preview_label = gtk_widget_get_next_sibling (topic_label);
  const char *topic = fb_raw_message_get_topic (message);
  gsize len;
  const guint8 *data = g_bytes_get_data (fb_raw_message_get_payload (message), &len);
  g_autofree char *when = fb_format_local_time (fb_raw_message_get_received_at (message), g_get_real_time (), TRUE);
  g_autofree char *kind = kind_words (message);
  g_autofree char *first_line = g_strdup_printf ("%s · %s", when, kind);
  g_autofree char *safe_topic = fb_message_text_escape ((const guint8 *) topic, strlen (topic), FALSE);
  g_autofree char *preview = fb_message_text_escape (data, MIN (len, PREVIEW_BYTES), FALSE);
  g_autofree char *accessible = g_strjoin (", ", when, kind, safe_topic, preview, NULL);

  /* Plain text only: a topic or payload may hold markup. */
  gtk_label_set_text (GTK_LABEL (when_label), first_line);
  gtk_label_set_text (GTK_LABEL (topic_label), safe_topic);
  gtk_label_set_text (GTK_LABEL (preview_label), preview);
  if (fb_raw_message_get_reason (message) != NULL)
    gtk_widget_add_css_class (when_label, "error");
  else
    gtk_widget_remove_css_class (when_label, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* -- the list's source: the ring, its snapshot, the past, or nothing while not shown -- */

static gboolean
fb_messages_page_is_past (FbMessagesPage *self)
{
  return self->ledger != NULL;
}

static void
fb_messages_page_update_count (FbMessagesPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  GListModel *source = gtk_filter_list_model_get_model (self->filtered);
  guint kept = source != NULL ? g_list_model_get_n_items (source) : 0;
  gboolean filtering = self->topic_part != NULL || self->text != NULL;
  g_autofree char *text = NULL;

  g_assert (FB_IS_MESSAGES_PAGE (self));

  if (fb_messages_page_is_past (self))
    {
      g_autofree char *when = fb_format_local_time (self->past_at, g_get_real_time (), TRUE);

      /* Translators: "120 messages read from the history, received up to 14:03:07.120" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u message read from the history, received up to %s",
                                           "%u messages read from the history, received up to %s", kept), kept, when);
    }
  else if (self->ring != NULL)
    {
      g_autofree char *received = g_strdup_printf ("%" G_GUINT64_FORMAT, fb_message_ring_get_n_pushed (self->ring));

      /* Translators: "The newest 5000 of 12345 messages received" */
      text = g_strdup_printf (_("The newest %u of %s messages received"), kept, received);
      if (self->paused)
        {
          g_autofree char *paused = g_strdup_printf (_("%s; paused"), text);
          g_free (text);
          text = g_steal_pointer (&paused);
        }
    }
  if (filtering && text != NULL)
    {
      /* Translators: "The newest 5000 of 12345 messages received; 12 match" */
      g_autofree char *matching = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %u match", "%s; %u matches", shown),
                                                   text, shown);
      g_free (text);
      text = g_steal_pointer (&matching);
    }
  gtk_label_set_text (self->count_label, text != NULL ? text : "");

  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
  adw_status_page_set_description (self->empty_page,
                                   filtering ? _("No message matches the filters.")
                                   : fb_messages_page_is_past (self) ? _("Nothing was received before this time.")
                                   : _("Every message received on the connection's subscriptions shows up here as it arrived."));
}

static void
fb_messages_page_set_source (FbMessagesPage *self)
{
  GListModel *source = NULL;

  g_assert (FB_IS_MESSAGES_PAGE (self));

  if (fb_messages_page_is_past (self))
    source = G_LIST_MODEL (self->past);
  else if (self->paused)
    source = G_LIST_MODEL (self->snapshot);
  else if (self->ring != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    source = G_LIST_MODEL (self->ring);

  if (gtk_filter_list_model_get_model (self->filtered) != source)
    gtk_filter_list_model_set_model (self->filtered, source);
  gtk_widget_set_visible (self->older_button, fb_messages_page_is_past (self) && self->past_more);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "messages.pause", !fb_messages_page_is_past (self));
  fb_messages_page_update_count (self);
}

static void
fb_messages_page_ring_changed_cb (FbMessagesPage *self)
{
  g_assert (FB_IS_MESSAGES_PAGE (self));

  /* Once per batch: the count says how many arrived. */
  if (!self->paused)
    fb_messages_page_update_count (self);
}

static void
fb_messages_page_watch_ring (FbMessagesPage *self,
                             gboolean        watch)
{
  if (self->ring_changed_id != 0)
    g_clear_signal_handler (&self->ring_changed_id, self->ring);
  if (watch && self->ring != NULL)
    self->ring_changed_id = g_signal_connect_object (self->ring, "items-changed",
                                                     G_CALLBACK (fb_messages_page_ring_changed_cb), self,
                                                     G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
fb_messages_page_set_paused (FbMessagesPage *self,
                             gboolean        paused)
{
  g_assert (FB_IS_MESSAGES_PAGE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  g_list_store_remove_all (self->snapshot);
  if (paused && self->ring != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ring));
      g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->ring), i));
      g_list_store_splice (self->snapshot, 0, 0, items->pdata, items->len);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  paused ? _("Resume messages") : _("Pause messages"), -1);
  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button),
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  fb_messages_page_set_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

/* -- filtering -- */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FbMessagesPage *self = user_data;

  return fb_raw_message_matches (item, self->topic_part, self->text);
}

static void fb_messages_page_read_past (FbMessagesPage *self, gboolean more);

static char *
entry_text (GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
fb_messages_page_filter_changed_cb (FbMessagesPage *self)
{
  g_assert (FB_IS_MESSAGES_PAGE (self));

  g_free (self->topic_part);
  self->topic_part = entry_text (self->topic_entry);
  g_free (self->text);
  self->text = entry_text (self->text_entry);
  /* The history filters in its query; the list filters what it holds, incrementally. */
  if (fb_messages_page_is_past (self))
    fb_messages_page_read_past (self, FALSE);
  /* Without a filter the list passes the ring through (GTK_FILTER_MATCH_ALL): no item is looked
     at, none filtered a slice per frame. */
  if (self->topic_part == NULL && self->text == NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  else
    gtk_custom_filter_set_filter_func (self->filter, filter_func, self, NULL);
}

static void
fb_messages_page_items_changed_cb (FbMessagesPage *self)
{
  fb_messages_page_update_count (self);
}

/* -- the past, a page at a time -- */

static void
fb_messages_page_past_read_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  FbMessagesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = fb_ledger_read_messages_finish (FB_LEDGER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->reading);
  if (messages == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the history: %s"), error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);
      return;
    }
  g_list_store_splice (self->past, g_list_model_get_n_items (G_LIST_MODEL (self->past)), 0, messages->pdata,
                       messages->len);
  self->past_more = messages->len == FB_MESSAGES_PAGE_PAST_PAGE;
  if (messages->len > 0)
    self->oldest_seq = fb_raw_message_get_seq (g_ptr_array_index (messages, messages->len - 1));
  fb_messages_page_set_source (self);
}

static void
fb_messages_page_read_past (FbMessagesPage *self,
                            gboolean        more)
{
  FbLedgerMessageQuery query = {
    .until = self->past_at, .limit = FB_MESSAGES_PAGE_PAST_PAGE,
    .before_seq = more ? self->oldest_seq : 0, .topic_part = self->topic_part, .text = self->text,
  };

  g_assert (FB_IS_MESSAGES_PAGE (self));

  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  if (!more)
    g_list_store_remove_all (self->past);
  self->past_more = FALSE;
  self->reading = g_cancellable_new ();
  fb_ledger_read_messages_async (self->ledger, &query, self->reading, fb_messages_page_past_read_cb, self);
}

void
fb_messages_page_show_past (FbMessagesPage *self,
                            FbLedger       *ledger,
                            gint64          at)
{
  g_return_if_fail (FB_IS_MESSAGES_PAGE (self));
  g_return_if_fail (ledger == NULL || FB_IS_LEDGER (ledger));

  if (at == 0)
    ledger = NULL;
  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_set_object (&self->ledger, ledger);
  self->past_at = at;
  g_list_store_remove_all (self->past);
  if (ledger != NULL)
    fb_messages_page_read_past (self, FALSE);
  fb_messages_page_set_source (self);
}

static void
older_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (widget);

  if (fb_messages_page_is_past (self) && self->past_more && self->reading == NULL)
    fb_messages_page_read_past (self, TRUE);
}

/* -- narrow: the message a page of its own -- */

/* AdwLeaflet through its properties: libadwaita 1.4 deprecates it, 1.2 has nothing newer. */
static gboolean
fb_messages_page_is_folded (FbMessagesPage *self)
{
  gboolean folded = FALSE;

  g_object_get (self->leaflet, "folded", &folded, NULL);
  return folded;
}

static void
fb_messages_page_show (FbMessagesPage *self,
                       const char     *name)
{
  g_object_set (self->leaflet, "visible-child-name", name, NULL);
}

/* Folded, a tap (or Enter) on a message opens its page, which has Back; unfolded, the message is
   beside the list, shown as it is selected. */
static void
fb_messages_page_folded_cb (FbMessagesPage *self)
{
  gboolean folded = fb_messages_page_is_folded (self);

  g_assert (FB_IS_MESSAGES_PAGE (self));

  gtk_widget_set_visible (self->back_button, folded);
  gtk_list_view_set_single_click_activate (self->list_view, folded);
}

static void
fb_messages_page_activate_cb (FbMessagesPage *self,
                              guint           position,
                              GtkListView    *list_view)
{
  g_assert (FB_IS_MESSAGES_PAGE (self));

  gtk_single_selection_set_selected (self->selection, position);
  if (!fb_messages_page_is_folded (self))
    return;
  fb_messages_page_show (self, "message");
  /* The focus goes with the person to the message's page: left on the row, which the leaflet
     hides, it could end up on the window, past the page's Escape. */
  if (!gtk_widget_child_focus (GTK_WIDGET (self->message_view), GTK_DIR_TAB_FORWARD))
    gtk_widget_grab_focus (self->back_button);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (widget);

  fb_messages_page_show (self, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Escape on the message's own page goes back to the list; elsewhere it is the window's. */
static gboolean
fb_messages_page_escape_cb (GtkWidget *widget,
                            GVariant  *args,
                            gpointer   user_data)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (widget);
  g_autofree char *page = NULL;

  if (!fb_messages_page_is_folded (self))
    return FALSE;
  g_object_get (self->leaflet, "visible-child-name", &page, NULL);
  if (g_strcmp0 (page, "message") != 0)
    return FALSE;
  back_action (widget, "messages.back", NULL);
  return TRUE;
}

/* -- selection -- */

static void
fb_messages_page_selected_cb (FbMessagesPage *self)
{
  FbRawMessage *message = gtk_single_selection_get_selected_item (self->selection);

  g_assert (FB_IS_MESSAGES_PAGE (self));

  /* A message that scrolled away keeps being shown until another is picked. */
  if (message != NULL)
    fb_message_view_set_message (self->message_view, message, NULL);
}

/* -- life -- */

void
fb_messages_page_set_session (FbMessagesPage *self,
                              FbSession      *session)
{
  g_return_if_fail (FB_IS_MESSAGES_PAGE (self));
  g_return_if_fail (session == NULL || FB_IS_SESSION (session));

  fb_messages_page_watch_ring (self, FALSE);
  g_set_object (&self->session, session);
  g_clear_object (&self->ring);
  if (session != NULL)
    self->ring = g_object_ref (fb_session_get_messages (session));
  fb_messages_page_watch_ring (self, gtk_widget_get_mapped (GTK_WIDGET (self)));
  fb_messages_page_set_source (self);
}

static void
fb_messages_page_map (GtkWidget *widget)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (widget);

  GTK_WIDGET_CLASS (fb_messages_page_parent_class)->map (widget);
  fb_messages_page_watch_ring (self, TRUE);
  fb_messages_page_set_source (self);
}

static void
fb_messages_page_unmap (GtkWidget *widget)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (widget);

  GTK_WIDGET_CLASS (fb_messages_page_parent_class)->unmap (widget);
  fb_messages_page_watch_ring (self, FALSE);
  fb_messages_page_set_source (self);
}

static void
fb_messages_page_dispose (GObject *object)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  fb_messages_page_watch_ring (self, FALSE);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_MESSAGES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->session);
  g_clear_object (&self->ring);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->past);
  g_clear_object (&self->ledger);
  g_clear_pointer (&self->topic_part, g_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (fb_messages_page_parent_class)->dispose (object);
}

static void
fb_messages_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_messages_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FbMessagesPage *self = FB_MESSAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      fb_messages_page_set_paused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_messages_page_class_init (FbMessagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_messages_page_dispose;
  object_class->get_property = fb_messages_page_get_property;
  object_class->set_property = fb_messages_page_set_property;
  widget_class->map = fb_messages_page_map;
  widget_class->unmap = fb_messages_page_unmap;

  /* The list stands still for reading; messages keep arriving (and being recorded) meanwhile. */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "messages.pause", "paused");
  gtk_widget_class_install_action (widget_class, "messages.older", NULL, older_action);
  gtk_widget_class_install_action (widget_class, "messages.back", NULL, back_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, fb_messages_page_escape_cb, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "messages.pause", NULL);

  g_type_ensure (FB_TYPE_MESSAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/feedboard/Feedboard/fb-messages-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, topic_entry);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, text_entry);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, older_button);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, message_view);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FbMessagesPage, back_button);
  gtk_widget_class_bind_template_callback (widget_class, fb_messages_page_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_messages_page_filter_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-messages-page");
  /* A named group: GTK 4.18 reads no name on a generic widget (the page went unnamed there). */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_messages_page_init (FbMessagesPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->snapshot = g_list_store_new (FB_TYPE_RAW_MESSAGE);
  self->past = g_list_store_new (FB_TYPE_RAW_MESSAGE);
  self->filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  /* A new filter runs over the ring a slice per frame, not in one go. */
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (fb_messages_page_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (fb_messages_page_selected_cb), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (fb_messages_page_activate_cb), self,
                           G_CONNECT_SWAPPED);
  fb_messages_page_folded_cb (self);

  fb_message_view_set_message (self->message_view, NULL, _("Select a message to see it as it arrived"));
  fb_messages_page_set_source (self);
}

GtkWidget *
fb_messages_page_new (void)
{
  return g_object_new (FB_TYPE_MESSAGES_PAGE, NULL);
}
