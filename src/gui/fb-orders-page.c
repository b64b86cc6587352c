/* fb-orders-page.c: the live orders table. The store is wrapped by a filter (search by id,
   status) and a sort model (the column view's sorter); one page-wide timer ticks the Age column
   and ends row flashes, so the cost does not grow with the number of rows. */
#define G_LOG_DOMAIN "fb-orders-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-format.h"
#include "fb-order.h"
#include "fb-order-history.h"
#include "fb-orders-page.h"
#include "fb-status-badge.h"

#define FLASH_DURATION_US (1200 * 1000)

struct _FbOrdersPage
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkLabel           *count_label;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *updated_column;
  GtkColumnViewColumn *age_column;
  FbOrderHistory     *history;

  FbSession          *session;
  FbOrderStore       *past;          /* a store of the past shown instead of the live one */
  gulong              client_notify_id;
  gulong              problem_id;
  char               *problem;       /* the session's last problem, shown in the empty state */
  FbMqttClient       *client;
  gulong              state_notify_id;
  gulong              reason_notify_id;

  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  GtkStringFilter    *id_filter;
  GtkStringFilter    *status_filter;

  GHashTable         *age_cells;    /* Cell* set: bound Age cells, ticked once per second */
  GHashTable         *flashing;     /* Cell* -> end time (µs) */
  guint               tick_id;
  guint               flash_id;
};

G_DEFINE_FINAL_TYPE (FbOrdersPage, fb_orders_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum {
  CELL_ID,
  CELL_STATUS,
  CELL_UPDATED,
  CELL_AGE,
} CellKind;

/* One bound cell: the box the column view shows, its content, the order it shows. */
typedef struct {
  FbOrdersPage *page;
  CellKind      kind;
  GtkWidget    *box;
  GtkWidget    *content;   /* GtkLabel or FbStatusBadge */
  FbOrder      *order;
  gulong        notify_id;
} Cell;

static void
cell_free (Cell *cell)
{
  g_assert (cell->order == NULL);
  g_free (cell);
}

static void
cell_update (Cell   *cell,
             gint64  now)
{
  FbOrder *order = cell->order;
  g_autofree char *text = NULL;

  if (order == NULL)
    return;

  switch (cell->kind)
    {
    case CELL_ID:
      gtk_label_set_label (GTK_LABEL (cell->content), fb_order_get_order_id (order));
      break;

    case CELL_STATUS:
      fb_status_badge_set_status (FB_STATUS_BADGE (cell->content), fb_order_get_status (order));
      break;

    case CELL_UPDATED:
      text = fb_format_local_time (fb_order_get_updated_at (order), now, FALSE);
      gtk_label_set_label (GTK_LABEL (cell->content), text);
      break;

    case CELL_AGE:
      text = fb_format_age (fb_order_get_updated_at (order), now);
      gtk_label_set_label (GTK_LABEL (cell->content), text);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* -- flashing rows -- */

static gboolean
animations_enabled (FbOrdersPage *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);
  return enabled;
}

static void
flash_end (FbOrdersPage *self,
           Cell         *cell)
{
  gtk_widget_remove_css_class (cell->box, "row-flash");
}

static gboolean
flash_tick (gpointer user_data)
{
  FbOrdersPage *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->flashing);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(gint64 *) value <= now)
      {
        flash_end (self, key);
        g_hash_table_iter_remove (&iter);
      }

  if (g_hash_table_size (self->flashing) > 0)
    return G_SOURCE_CONTINUE;

  self->flash_id = 0;
  return G_SOURCE_REMOVE;
}

static void
flash_cell (FbOrdersPage *self,
            Cell         *cell)
{
  gint64 *until;

  g_assert (FB_IS_ORDERS_PAGE (self));

  if (!animations_enabled (self))
    return;

  until = g_new (gint64, 1);
  *until = g_get_monotonic_time () + FLASH_DURATION_US;
  g_hash_table_replace (self->flashing, cell, until);
  gtk_widget_add_css_class (cell->box, "row-flash");

  if (self->flash_id == 0)
    self->flash_id = g_timeout_add (250, flash_tick, self);
}

/* -- cells -- */

static void
on_order_notify (Cell       *cell,
                 GParamSpec *pspec,
                 FbOrder    *order)
{
  /* updated-at moves with every change of state; a stale event does not touch it. */
  if (!g_str_equal (pspec->name, "status") && !g_str_equal (pspec->name, "updated-at"))
    return;

  cell_update (cell, g_get_real_time ());
  if (g_str_equal (pspec->name, "updated-at"))
    flash_cell (cell->page, cell);
}

static void
cell_setup (FbOrdersPage *self,
            GtkListItem  *list_item,
            CellKind      kind)
{
  Cell *cell = g_new0 (Cell, 1);

  cell->page = self;
  cell->kind = kind;
  cell->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (cell->box, "order-cell");

  if (kind == CELL_STATUS)
    cell->content = fb_status_badge_new ();
  else
    {
      cell->content = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell->content), 0);
      gtk_label_set_ellipsize (GTK_LABEL (cell->content), PANGO_ELLIPSIZE_END);
      if (kind == CELL_ID)
        {
          /* Ids differ at both ends (KSUIDs start with time): keep both visible. */
          gtk_label_set_ellipsize (GTK_LABEL (cell->content), PANGO_ELLIPSIZE_MIDDLE);
          gtk_widget_add_css_class (cell->content, "monospace");
        }
      else
        gtk_widget_add_css_class (cell->content, "numeric");
    }
  gtk_widget_set_hexpand (cell->content, TRUE);
  gtk_box_append (GTK_BOX (cell->box), cell->content);

  g_object_set_data_full (G_OBJECT (cell->box), "fb-cell", cell, (GDestroyNotify) cell_free);
  gtk_list_item_set_child (list_item, cell->box);
}

static void
on_id_setup (FbOrdersPage *self, GtkListItem *list_item)
{
  cell_setup (self, list_item, CELL_ID);
}

static void
on_status_setup (FbOrdersPage *self, GtkListItem *list_item)
{
  cell_setup (self, list_item, CELL_STATUS);
}

static void
on_text_setup (FbOrdersPage *self, GtkListItem *list_item)
{
  /* Updated and Age share the setup; bind tells them apart. */
  cell_setup (self, list_item, CELL_UPDATED);
}

static void
cell_bind (FbOrdersPage *self,
           GtkListItem  *list_item,
           CellKind      kind)
{
  Cell *cell = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "fb-cell");
  FbOrder *order = gtk_list_item_get_item (list_item);
  gint64 now = g_get_real_time ();

  g_assert (cell != NULL && cell->order == NULL);

  cell->kind = kind;
  cell->order = g_object_ref (order);
  cell->notify_id = g_signal_connect_swapped (order, "notify", G_CALLBACK (on_order_notify), cell);
  cell_update (cell, now);

  if (kind == CELL_AGE)
    g_hash_table_add (self->age_cells, cell);

  /* An order seen for the first time just now flashes too. */
  if (now - fb_order_get_first_seen (order) < FLASH_DURATION_US / 2)
    flash_cell (self, cell);
}

static void
on_id_bind (FbOrdersPage *self, GtkListItem *list_item)
{
  cell_bind (self, list_item, CELL_ID);
}

static void
on_status_bind (FbOrdersPage *self, GtkListItem *list_item)
{
  cell_bind (self, list_item, CELL_STATUS);
}

static void
on_updated_bind (FbOrdersPage *self, GtkListItem *list_item)
{
  cell_bind (self, list_item, CELL_UPDATED);
}

static void
on_age_bind (FbOrdersPage *self, GtkListItem *list_item)
{
  cell_bind (self, list_item, CELL_AGE);
}

static void
on_cell_unbind (FbOrdersPage *self,
                GtkListItem  *list_item)
{
  Cell *cell = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "fb-cell");

  if (cell == NULL || cell->order == NULL)
    return;

  g_hash_table_remove (self->age_cells, cell);
  if (g_hash_table_remove (self->flashing, cell))
    flash_end (self, cell);
  g_clear_signal_handler (&cell->notify_id, cell->order);
  g_clear_object (&cell->order);
}

/* -- the Age column's clock -- */

static gboolean
age_tick (gpointer user_data)
{
  FbOrdersPage *self = user_data;
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->age_cells);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    cell_update (key, now);

  return G_SOURCE_CONTINUE;
}

/* -- filters, counts, empty state -- */

static void
update_view (FbOrdersPage *self)
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

      adw_status_page_set_description (self->empty_page, text);
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

  adw_status_page_set_description (self->empty_page, description);
}

static void
on_search_changed (FbOrdersPage   *self,
                   GtkSearchEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  gtk_string_filter_set_search (self->id_filter, *text != '\0' ? text : NULL);
}

static void
on_stop_search (FbOrdersPage   *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_status_selected (FbOrdersPage *self,
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
}

static void
on_selected_item (FbOrdersPage       *self,
                  GParamSpec         *pspec,
                  GtkSingleSelection *selection)
{
  FbOrder *order = gtk_single_selection_get_selected_item (selection);

  fb_order_history_set_order (self->history, order);
  gtk_widget_set_visible (GTK_WIDGET (self->history), order != NULL);
}

static void
on_history_close (FbOrdersPage   *self,
                  FbOrderHistory *history)
{
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* -- session -- */

static void
on_client_state (FbOrdersPage *self)
{
  update_empty_state (self);
}

static void
on_session_problem (FbOrdersPage *self,
                    const char   *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  update_empty_state (self);
}

static void
on_session_client (FbOrdersPage *self)
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
                                                       G_CALLBACK (on_client_state), self,
                                                       G_CONNECT_SWAPPED);
      self->reason_notify_id = g_signal_connect_object (client, "notify::state-reason",
                                                        G_CALLBACK (on_client_state), self,
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

  g_clear_object (&self->past);
  gtk_filter_list_model_set_model (self->filter_model,
                                   session != NULL ? G_LIST_MODEL (fb_session_get_orders (session)) : NULL);
  if (session != NULL)
    {
      self->client_notify_id = g_signal_connect_object (session, "notify::client",
                                                        G_CALLBACK (on_session_client), self,
                                                        G_CONNECT_SWAPPED);
      self->problem_id = g_signal_connect_object (session, "problem",
                                                  G_CALLBACK (on_session_problem), self,
                                                  G_CONNECT_SWAPPED);
      /* The filter may hide a new order: the count still changes. */
      g_signal_connect_object (fb_session_get_orders (session), "items-changed",
                               G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
    }
  on_session_client (self);
  update_view (self);

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
  update_view (self);
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

/* -- sorters -- */

static int
status_rank (const char *status)
{
  const char * const *statuses = fb_order_statuses ();

  for (int i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (statuses[i], status) == 0)
      return i;
  return G_MAXINT;   /* unknown statuses last */
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  int ra = status_rank (fb_order_get_status ((FbOrder *) a));
  int rb = status_rank (fb_order_get_status ((FbOrder *) b));

  if (ra != rb)
    return ra < rb ? -1 : 1;
  return g_strcmp0 (fb_order_get_status ((FbOrder *) a), fb_order_get_status ((FbOrder *) b));
}

static void
setup_sorters (FbOrdersPage *self)
{
  g_autoptr(GtkSorter) id_sorter = NULL;
  g_autoptr(GtkSorter) updated_sorter = NULL;
  g_autoptr(GtkSorter) age_sorter = NULL;
  g_autoptr(GtkSorter) status_sorter = NULL;

  id_sorter = GTK_SORTER (gtk_string_sorter_new (
    gtk_property_expression_new (FB_TYPE_ORDER, NULL, "order-id")));
  updated_sorter = GTK_SORTER (gtk_numeric_sorter_new (
    gtk_property_expression_new (FB_TYPE_ORDER, NULL, "updated-at")));
  /* Youngest first when "ascending", like any age. */
  age_sorter = GTK_SORTER (gtk_numeric_sorter_new (
    gtk_property_expression_new (FB_TYPE_ORDER, NULL, "updated-at")));
  gtk_numeric_sorter_set_sort_order (GTK_NUMERIC_SORTER (age_sorter), GTK_SORT_DESCENDING);
  status_sorter = GTK_SORTER (gtk_custom_sorter_new (compare_status, NULL, NULL));

  gtk_column_view_column_set_sorter (self->id_column, id_sorter);
  gtk_column_view_column_set_sorter (self->status_column, status_sorter);
  gtk_column_view_column_set_sorter (self->updated_column, updated_sorter);
  gtk_column_view_column_set_sorter (self->age_column, age_sorter);

  /* Newest first, like the reference client. */
  gtk_column_view_sort_by_column (self->column_view, self->updated_column, GTK_SORT_DESCENDING);
}

static void
setup_status_dropdown (FbOrdersPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char * const *statuses = fb_order_statuses ();

  gtk_string_list_append (labels, _("All statuses"));
  for (guint i = 0; statuses[i] != NULL; i++)
    gtk_string_list_append (labels, fb_order_status_label (statuses[i]));

  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->status_dropdown, 0);
}

/* -- GObject -- */

static void
fb_orders_page_map (GtkWidget *widget)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (widget);

  GTK_WIDGET_CLASS (fb_orders_page_parent_class)->map (widget);

  age_tick (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, age_tick, self);
}

static void
fb_orders_page_unmap (GtkWidget *widget)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  GTK_WIDGET_CLASS (fb_orders_page_parent_class)->unmap (widget);
}

static void
fb_orders_page_dispose (GObject *object)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->flash_id, g_source_remove);
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

  g_clear_object (&self->selection);
  g_clear_object (&self->session);
  g_clear_object (&self->past);

  G_OBJECT_CLASS (fb_orders_page_parent_class)->dispose (object);
}

static void
fb_orders_page_finalize (GObject *object)
{
  FbOrdersPage *self = FB_ORDERS_PAGE (object);

  g_clear_pointer (&self->problem, g_free);
  g_clear_pointer (&self->age_cells, g_hash_table_unref);
  g_clear_pointer (&self->flashing, g_hash_table_unref);

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
  widget_class->map = fb_orders_page_map;
  widget_class->unmap = fb_orders_page_unmap;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FB_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FB_TYPE_ORDER_HISTORY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, id_column);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, updated_column);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, age_column);
  gtk_widget_class_bind_template_child (widget_class, FbOrdersPage, history);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_history_close);
  gtk_widget_class_bind_template_callback (widget_class, on_id_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_status_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_text_setup);
  gtk_widget_class_bind_template_callback (widget_class, on_id_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_status_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_updated_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_age_bind);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_unbind);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-orders-page");
}

static void
fb_orders_page_init (FbOrdersPage *self)
{
  g_autoptr(GtkEveryFilter) filter = gtk_every_filter_new ();

  self->age_cells = g_hash_table_new (NULL, NULL);
  self->flashing = g_hash_table_new_full (NULL, NULL, NULL, g_free);

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
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  /* Not incremental: the store changes every frame while events flow, and an incremental
   * sort starts over at every change, so the list would never finish sorting. A batch only
   * re-sorts the orders it touched. */
  gtk_sort_list_model_set_incremental (self->sort_model, FALSE);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);

  setup_sorters (self);
  setup_status_dropdown (self);
  update_view (self);
  update_empty_state (self);
}
