/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-orders-page.c: the live orders page: search and status filter over the session's orders
   (or a store of the past), the count, the empty states, the table (FbOrdersTable: sorting,
   cells, the newest in sight) and the selected order's history beside it. */
#define G_LOG_DOMAIN "fb-orders-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-order.h"
#include "fb-order-history.h"
#include "fb-orders-page.h"
#include "fb-orders-table.h"
#include "fb-status-badge.h"
#include "fb-status-count.h"
#include "fb-status-counts.h"

struct _FbOrdersPage
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  FbStatusCounts     *counts;        /* the dropdown's choices, with their counts */
  FbStatusCount      *filter_item;   /* the choice shown, its title the filter's description */
  GtkLabel           *count_label;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  FbOrdersTable      *table;
  GtkWidget          *leaflet;
  GtkWidget          *history_separator;
  FbOrderHistory     *history;
  gboolean            showing_order;   /* folded, on the order's own page */
  gboolean            narrow;          /* too narrow for the list and a history beside it */
  guint               narrow_id;       /* an idle that follows a change of narrow */

  FbSession          *session;
  FbOrderStore       *past;          /* a store of the past shown instead of the live one */
  gulong              client_notify_id;
  gulong              problem_id;
  char               *problem;       /* the session's last problem, shown in the empty state */
  FbMqttClient       *client;
  gulong              state_notify_id;
  gulong              reason_notify_id;

  GtkFilterListModel *filter_model;
  GtkStringFilter    *id_filter;
  GtkStringFilter    *status_filter;
};

G_DEFINE_FINAL_TYPE (FbOrdersPage, fb_orders_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* -- filters, counts, empty state -- */

static void
fb_orders_page_update_view_cb (FbOrdersPage *self)
{
  guint total = 0, shown;
  g_autofree char *count = NULL;

  g_assert (FB_IS_ORDERS_PAGE (self));

  if (gtk_filter_list_model_get_model (self->filter_model) != NULL)
    total = g_list_model_get_n_items (gtk_filter_list_model_get_model (self->filter_model));
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));

  if (total == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  if (shown == total)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", total), total);
  else
    /* Translators: shown when a search or filter hides some orders. */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u order", "%u of %u orders", total),
                             shown, total);
  gtk_label_set_label (self->count_label, count);
}

static void
update_empty_state (FbOrdersPage *self)
{
  FbMqttState state = FB_MQTT_STATE_DISCONNECTED;
  const char *description;

  g_assert (FB_IS_ORDERS_PAGE (self));

  if (self->client != NULL)
    state = fb_mqtt_client_get_state (self->client);

  if (self->client == NULL && self->problem != NULL)
    description = self->problem;
  else if (self->session != NULL && fb_session_is_demo (self->session) && self->client == NULL)
    description = _("Starting the demo backend…");
  else if (state == FB_MQTT_STATE_CONNECTED && fb_mqtt_client_get_state_reason (self->client) != NULL)
    /* Connected, but a subscription was refused: the words say which and why. */
    description = fb_mqtt_client_get_state_reason (self->client);
  else if (state == FB_MQTT_STATE_CONNECTED)
    description = _("Connected. Orders appear here as soon as their events arrive on "
                    "orders/events.");
  else if (self->client != NULL && fb_mqtt_client_get_state_reason (self->client) != NULL)
    {
      /* The diagnosis belongs where the user is looking, not only in the header's popover. */
      g_autofree char *text = g_strdup_printf (_("Not connected yet. %s"),
                                               fb_mqtt_client_get_state_reason (self->client));
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      adw_status_page_set_description (self->empty_page, escaped);
      return;
    }
  else if (self->client != NULL)
    description = _("Waiting for the connection to the broker. Orders appear here as soon as "
                    "their events arrive.");
  else
    description = _("Connect to your broker: start Feedboard with --broker mqtt://HOST:1883, "
                    "or with --endpoint and --region for AWS IoT Core.\n"
                    "No backend at hand? Run “feedboard --demo” to watch orders from a local "
                    "stand-in.");

  {
    /* A status page's description is markup; the reasons quote brokers and topic filters. */
    g_autofree char *escaped = g_markup_escape_text (description, -1);

    adw_status_page_set_description (self->empty_page, escaped);
  }
}

static void
fb_orders_page_search_changed_cb (FbOrdersPage   *self,
                                  GtkSearchEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  gtk_string_filter_set_search (self->id_filter, *text != '\0' ? text : NULL);
  fb_orders_table_catch_up (self->table);
}

static void
fb_orders_page_stop_search_cb (FbOrdersPage   *self,
                               GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* The drop-down's button is what takes the focus: GTK 4.8 leaves it unnamed ("GtkToggleButton").
   Its name says what it does, its description what it shows ("In kitchen (3)"), kept as the
   count changes. */
static void
fb_orders_page_update_filter_description_cb (FbOrdersPage *self)
{
  GtkWidget *button;
  const char *title = self->filter_item != NULL ? fb_status_count_get_title (self->filter_item) : "";

  for (button = gtk_widget_get_first_child (GTK_WIDGET (self->status_dropdown)); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    if (GTK_IS_TOGGLE_BUTTON (button))
      break;
  if (button == NULL)
    return;
  /* GTK 4.18 labels the drop-down by the selected item's label (labelled-by wins over a label)
     and reads the button with the drop-down's name and description (its tooltip): a screen
     reader would say "All statuses (40)", "Show only orders…". Both say what the control does
     and what it shows, as on GTK 4.8. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->status_dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter by status"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter by status"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title,
                                  -1);
}

/* Tab from the filter (not from its open list): the table's first column header, on every GTK
   (see fb_orders_table_focus_headers ()). */
static gboolean
fb_orders_page_filter_key_cb (FbOrdersPage          *self,
                              guint                  keyval,
                              guint                  keycode,
                              GdkModifierType        state,
                              GtkEventControllerKey *controller)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab)
    return FALSE;
  if (focus == NULL || gtk_widget_get_native (focus) != gtk_widget_get_native (GTK_WIDGET (self)))
    return FALSE;
  if (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  return fb_orders_table_focus_headers (self->table);
}

static void
update_filter_name (FbOrdersPage *self)
{
  GObject *selected = gtk_drop_down_get_selected_item (self->status_dropdown);
  FbStatusCount *item = FB_IS_STATUS_COUNT (selected) ? FB_STATUS_COUNT (selected) : NULL;

  if (self->filter_item != NULL)
    g_signal_handlers_disconnect_by_func (self->filter_item, fb_orders_page_update_filter_description_cb, self);
  g_set_object (&self->filter_item, item);
  if (self->filter_item != NULL)
    g_signal_connect_swapped (self->filter_item, "notify::title", G_CALLBACK (fb_orders_page_update_filter_description_cb), self);
  fb_orders_page_update_filter_description_cb (self);
}

static void
fb_orders_page_status_selected_cb (FbOrdersPage *self,
                                   GParamSpec   *pspec,
                                   GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  const char * const *statuses = fb_order_statuses ();

  /* Row 0 is "All statuses"; the rest follow fb_order_statuses (). */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    gtk_string_filter_set_search (self->status_filter, NULL);
  else
    gtk_string_filter_set_search (self->status_filter, statuses[selected - 1]);
  fb_orders_table_catch_up (self->table);
  update_filter_name (self);
}

/* -- the order's history: beside the list, or a page of its own in a narrow window -- */

/* AdwLeaflet is used through its properties: libadwaita 1.4 deprecates it (the .ui names it, the
   code does not, so newer libadwaita builds without warnings), and 1.2 has nothing newer. */
static gboolean
is_folded (FbOrdersPage *self)
{
  gboolean folded = FALSE;

  g_object_get (self->leaflet, "folded", &folded, NULL);
  return folded;
}

static void
show_page (FbOrdersPage *self,
           const char   *name)
{
  g_object_set (self->leaflet, "visible-child-name", name, NULL);
}

static void
fb_orders_page_selected_order_cb (FbOrdersPage  *self,
                                  GParamSpec    *pspec,
                                  FbOrdersTable *table)
{
  FbOrder *order = fb_orders_table_get_selected_order (table);

  fb_order_history_set_order (self->history, order);
  gtk_widget_set_visible (GTK_WIDGET (self->history), order != NULL);
  gtk_widget_set_visible (self->history_separator, order != NULL);
  if (order == NULL && self->showing_order)
    show_page (self, "list");
}

/* Enter or a click on a row: in a narrow window, the order's page. */
static void
fb_orders_page_order_activated_cb (FbOrdersPage  *self,
                                   FbOrder       *order,
                                   FbOrdersTable *table)
{
  if (!self->narrow)
    return;
  show_page (self, "order");
  gtk_widget_child_focus (GTK_WIDGET (self->history), GTK_DIR_TAB_FORWARD);
}

static void
fb_orders_page_leaflet_changed_cb (FbOrdersPage *self)
{
  gboolean folded = is_folded (self);
  g_autofree char *page = NULL;

  g_object_get (self->leaflet, "visible-child-name", &page, NULL);
  /* Back from the order's page (its close button, Escape, Alt+Left, a swipe): the focus on the
     order's row, still selected (the rows hold still); Escape again closes it. */
  if (self->showing_order && folded && g_strcmp0 (page, "list") == 0)
    {
      self->showing_order = FALSE;
      fb_orders_table_focus_list (self->table);
    }
  self->showing_order = folded && g_strcmp0 (page, "order") == 0;
  /* Folded, the history is a page: Back, not Close. */
  fb_order_history_set_page (self->history, folded);
}

/* A tap opens an order where its history would take the whole window. Whether it would is known
   from the page's width, not from the leaflet: with no order open (the history hidden) it never
   folds, and the first tap only selected the row. */
static gboolean
fb_orders_page_narrow_cb (gpointer user_data)
{
  FbOrdersPage *self = user_data;

  self->narrow_id = 0;
  fb_orders_table_set_activate_on_click (self->table, self->narrow);
  return G_SOURCE_REMOVE;
}

static void
fb_orders_page_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  gtk_widget_measure (gtk_widget_get_first_child (widget), orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
fb_orders_page_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (widget);
  int list_min = 0, history_min = 0;
  gboolean narrow;

  gtk_widget_allocate (gtk_widget_get_first_child (widget), width, height, baseline, NULL);
  gtk_widget_measure (GTK_WIDGET (self->stack), GTK_ORIENTATION_HORIZONTAL, -1, &list_min, NULL, NULL, NULL);
  gtk_widget_get_size_request (GTK_WIDGET (self->history), &history_min, NULL);
  narrow = width < list_min + history_min + 1;   /* + the separator */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_id == 0)
        self->narrow_id = g_idle_add (fb_orders_page_narrow_cb, self);
    }
}

static void
fb_orders_page_history_close_cb (FbOrdersPage   *self,
                                 FbOrderHistory *history)
{
  if (self->showing_order)
    show_page (self, "list");
  else
    fb_orders_table_unselect (self->table);
}

static gboolean
on_history_escape (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (user_data);

  /* Nothing open: Escape is the window's (back to live). */
  if (!gtk_widget_get_visible (GTK_WIDGET (self->history)))
    return FALSE;
  fb_orders_page_history_close_cb (self, self->history);
  return TRUE;
}

/* -- session -- */

static void
fb_orders_page_client_state_cb (FbOrdersPage *self)
{
  update_empty_state (self);
}

static void
fb_orders_page_session_problem_cb (FbOrdersPage *self,
                                   const char   *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  update_empty_state (self);
}

static void
fb_orders_page_session_client_cb (FbOrdersPage *self)
{
  FbMqttClient *client = self->session != NULL ? fb_session_get_client (self->session) : NULL;

  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->state_notify_id, self->client);
      g_clear_signal_handler (&self->reason_notify_id, self->client);
    }
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      self->state_notify_id = g_signal_connect_object (client, "notify::state",
                                                       G_CALLBACK (fb_orders_page_client_state_cb), self,
                                                       G_CONNECT_SWAPPED);
      self->reason_notify_id = g_signal_connect_object (client, "notify::state-reason",
                                                        G_CALLBACK (fb_orders_page_client_state_cb), self,
                                                        G_CONNECT_SWAPPED);
    }
  update_empty_state (self);
}

FbSession *
fb_orders_page_get_session (FbOrdersPage *self)
{
  g_return_val_if_fail (FB_IS_ORDERS_PAGE (self), NULL);

  return self->session;
}

void
fb_orders_page_set_session (FbOrdersPage *self,
                            FbSession    *session)
{
  g_return_if_fail (FB_IS_ORDERS_PAGE (self));
  g_return_if_fail (session == NULL || FB_IS_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->client_notify_id, self->session);
      g_clear_signal_handler (&self->problem_id, self->session);
    }
  g_set_object (&self->session, session);
  fb_order_history_set_session (self->history, session);

  g_clear_object (&self->past);
  gtk_filter_list_model_set_model (self->filter_model,
                                   session != NULL ? G_LIST_MODEL (fb_session_get_orders (session)) : NULL);
  fb_orders_table_catch_up (self->table);
  if (session != NULL)
    {
      self->client_notify_id = g_signal_connect_object (session, "notify::client",
                                                        G_CALLBACK (fb_orders_page_session_client_cb), self,
                                                        G_CONNECT_SWAPPED);
      self->problem_id = g_signal_connect_object (session, "problem",
                                                  G_CALLBACK (fb_orders_page_session_problem_cb), self,
                                                  G_CONNECT_SWAPPED);
      /* The filter may hide a new order: the count still changes. */
      g_signal_connect_object (fb_session_get_orders (session), "items-changed",
                               G_CALLBACK (fb_orders_page_update_view_cb), self, G_CONNECT_SWAPPED);
    }
  fb_orders_page_session_client_cb (self);
  fb_orders_page_update_view_cb (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
fb_orders_page_show_store (FbOrdersPage *self,
                           FbOrderStore *store)
{
  GListModel *live;

  g_return_if_fail (FB_IS_ORDERS_PAGE (self));
  g_return_if_fail (store == NULL || FB_IS_ORDER_STORE (store));

  g_set_object (&self->past, store);
  live = self->session != NULL ? G_LIST_MODEL (fb_session_get_orders (self->session)) : NULL;
  gtk_filter_list_model_set_model (self->filter_model, store != NULL ? G_LIST_MODEL (store) : live);
  fb_orders_table_catch_up (self->table);
  fb_orders_page_update_view_cb (self);
}

void
fb_orders_page_focus_search (FbOrdersPage *self)
{
  g_return_if_fail (FB_IS_ORDERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GtkWidget *
fb_orders_page_new (void)
{
  return g_object_new (FB_TYPE_ORDERS_PAGE, NULL);
}

/* -- status filter -- */

/* The choices count their orders ("In kitchen (3)"): FbStatusCounts, "All statuses" then
   fb_order_statuses (), the order fb_orders_page_status_selected_cb () reads them in. */
/* GTK's own factory for a drop-down reads the expression once, when it binds a choice: the
   button went on saying "All statuses (0)". Bound here, the titles follow their counts. */
static const char status_factory_ui[] =
  "<interface><template class=\"GtkListItem\"><property name=\"child\"><object class=\"GtkLabel\">"
  "<property name=\"xalign\">0</property>"
  "<binding name=\"label\"><lookup name=\"title\" type=\"FbStatusCount\">"
  "<lookup name=\"item\">GtkListItem</lookup></lookup></binding>"
  "</object></property></template></interface>";

static void
setup_status_dropdown (FbOrdersPage *self)
{
  g_autoptr(GBytes) factory_ui = g_bytes_new_static (status_factory_ui, sizeof status_factory_ui - 1);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkExpression) title = gtk_property_expression_new (FB_TYPE_STATUS_COUNT, NULL, "title");
  GtkEventController *keys;

  g_type_ensure (FB_TYPE_STATUS_COUNT);
  factory = gtk_builder_list_item_factory_new_from_bytes (NULL, factory_ui);
  self->counts = fb_status_counts_new ();
  /* The expression first: GTK 4.18 puts its own factory back when the expression is set. */
  gtk_drop_down_set_expression (self->status_dropdown, title);
  gtk_drop_down_set_factory (self->status_dropdown, factory);
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (self->counts));
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  update_filter_name (self);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (fb_orders_page_filter_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->status_dropdown), keys);
}

void
fb_orders_page_set_status_filter (FbOrdersPage *self,
                                  const char   *status)
{
  guint position;

  g_return_if_fail (FB_IS_ORDERS_PAGE (self));

  position = fb_status_counts_find (self->counts, status);
  gtk_drop_down_set_selected (self->status_dropdown, position != G_MAXUINT ? position : 0);
}

void
fb_orders_page_set_status_counts (FbOrdersPage    *self,
                                  FbOrderOverview *overview)
{
  g_return_if_fail (FB_IS_ORDERS_PAGE (self));

  fb_status_counts_set_overview (self->counts, overview);
}

/* -- GObject -- */

static void
fb_orders_page_dispose (GObject *object)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->narrow_id, g_source_remove);
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->client_notify_id, self->session);
      g_clear_signal_handler (&self->problem_id, self->session);
    }
  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->state_notify_id, self->client);
      g_clear_signal_handler (&self->reason_notify_id, self->client);
    }
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ORDERS_PAGE);
  /* dispose_template () only unparents children with an id; the top box has none. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->filter_model);
  g_clear_object (&self->session);
  g_clear_object (&self->past);
  if (self->filter_item != NULL)
    g_signal_handlers_disconnect_by_func (self->filter_item, fb_orders_page_update_filter_description_cb, self);
  g_clear_object (&self->filter_item);
  g_clear_object (&self->counts);

  G_OBJECT_CLASS (fb_orders_page_parent_class)->dispose (object);
}

static void
fb_orders_page_finalize (GObject *object)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (object);

  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (fb_orders_page_parent_class)->finalize (object);
}

static void
fb_orders_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_orders_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      fb_orders_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_orders_page_class_init (FbOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_orders_page_dispose;
  object_class->finalize = fb_orders_page_finalize;
  object_class->get_property = fb_orders_page_get_property;
  object_class->set_property = fb_orders_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FB_TYPE_ORDER_HISTORY);
  g_type_ensure (FB_TYPE_ORDERS_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, table);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, history_separator);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, history);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_page_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_page_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_page_status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_page_history_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_page_selected_order_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_page_order_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, fb_orders_page_leaflet_changed_cb);

  widget_class->measure = fb_orders_page_measure;
  widget_class->size_allocate = fb_orders_page_size_allocate;
  gtk_widget_class_set_css_name (widget_class, "fb-orders-page");
}

static void
fb_orders_page_init (FbOrdersPage *self)
{
  g_autoptr(GtkEveryFilter) filter = gtk_every_filter_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->id_filter = gtk_string_filter_new (
    gtk_property_expression_new (FB_TYPE_ORDER, NULL, "order-id"));
  gtk_string_filter_set_match_mode (self->id_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->id_filter, TRUE);
  self->status_filter = gtk_string_filter_new (
    gtk_property_expression_new (FB_TYPE_ORDER, NULL, "status"));
  gtk_string_filter_set_match_mode (self->status_filter, GTK_STRING_FILTER_MATCH_MODE_EXACT);
  gtk_string_filter_set_ignore_case (self->status_filter, FALSE);
  /* The multi filter takes the references. */
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter), GTK_FILTER (self->id_filter));
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter), GTK_FILTER (self->status_filter));

  self->filter_model = gtk_filter_list_model_new (NULL, GTK_FILTER (g_steal_pointer (&filter)));
  fb_orders_table_set_model (self->table, G_LIST_MODEL (self->filter_model));
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (fb_orders_page_update_view_cb), self, G_CONNECT_SWAPPED);

  setup_status_dropdown (self);
  fb_orders_page_update_view_cb (self);
  update_empty_state (self);

  /* Escape in the order's history or in the list closes the order (in a narrow window: back to
     the list). */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_callback_action_new (on_history_escape, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
}
