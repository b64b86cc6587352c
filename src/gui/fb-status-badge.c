/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-badge.c: an order status shown as icon + words + colour class, never colour alone. */
#define G_LOG_DOMAIN "fb-status-badge"

#include "config.h"

#include "fb-describe.h"
#include "fb-status-badge.h"

struct _FbStatusBadge
{
  GtkWidget  parent_instance;

  GtkImage  *icon;
  GtkLabel  *label;
  char      *status;
  char      *css_class;
};

G_DEFINE_FINAL_TYPE (FbStatusBadge, fb_status_badge, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  const char *status;
  const char *icon;
  const char *css_class;
} FbStatusInfo;

/* The words are fb_order_status_label's (fb-describe.c); the badge adds an icon and a colour. */
static const FbStatusInfo status_info[] = {
  { "SUBMITTED", "document-send-symbolic", "status-submitted" },
  { "ACCEPTED_BY_STORE", "checkbox-checked-symbolic", "status-accepted-by-store" },
  { "IN_KITCHEN", "emoji-food-symbolic", "status-in-kitchen" },
  { "READY_FOR_PICKUP", "alarm-symbolic", "status-ready-for-pickup" },
  { "PICKED_UP_BY_DRIVER", "emoji-travel-symbolic", "status-picked-up-by-driver" },
  { "OUT_FOR_DELIVERY", "emoji-travel-symbolic", "status-out-for-delivery" },
  { "DELIVERED", "go-home-symbolic", "status-delivered" },
  { "CANCELLED", "process-stop-symbolic", "status-cancelled" },
  { "COMPLETED", "object-select-symbolic", "status-completed" },
};

static const FbStatusInfo *
lookup_status (const char *status)
{
  if (status == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (status_info); i++)
    if (g_str_equal (status_info[i].status, status))
      return &status_info[i];

  return NULL;
}

GtkWidget *
fb_status_badge_new (void)
{
  return g_object_new (FB_TYPE_STATUS_BADGE, NULL);
}

const char *
fb_status_badge_get_status (FbStatusBadge *self)
{
  g_return_val_if_fail (FB_IS_STATUS_BADGE (self), NULL);

  return self->status;
}

void
fb_status_badge_set_status (FbStatusBadge *self,
                            const char    *status)
{
  const FbStatusInfo *info;
  const char *css_class;

  g_return_if_fail (FB_IS_STATUS_BADGE (self));

  if (g_strcmp0 (self->status, status) == 0)
    return;

  g_free (self->status);
  self->status = g_strdup (status);

  info = lookup_status (status);
  css_class = info != NULL ? info->css_class : "status-unknown";

  if (g_strcmp0 (self->css_class, css_class) != 0)
    {
      if (self->css_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self), self->css_class);
      g_free (self->css_class);
      self->css_class = g_strdup (css_class);
      gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
    }

  gtk_image_set_from_icon_name (self->icon, info != NULL ? info->icon : "dialog-question-symbolic");
  gtk_label_set_label (self->label, fb_order_status_label (status));
  gtk_widget_set_visible (GTK_WIDGET (self), status != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
fb_status_badge_dispose (GObject *object)
{
  FbStatusBadge *self = FB_STATUS_BADGE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_status_badge_parent_class)->dispose (object);
}

static void
fb_status_badge_finalize (GObject *object)
{
  FbStatusBadge *self = FB_STATUS_BADGE (object);

  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->css_class, g_free);

  G_OBJECT_CLASS (fb_status_badge_parent_class)->finalize (object);
}

static void
fb_status_badge_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbStatusBadge *self = FB_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_status_badge_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FbStatusBadge *self = FB_STATUS_BADGE (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      fb_status_badge_set_status (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_status_badge_class_init (FbStatusBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_status_badge_dispose;
  object_class->finalize = fb_status_badge_finalize;
  object_class->get_property = fb_status_badge_get_property;
  object_class->set_property = fb_status_badge_set_property;

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "fb-status-badge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_status_badge_init (FbStatusBadge *self)
{
  GtkBoxLayout *layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_box_layout_set_spacing (layout, 4);
  gtk_widget_add_css_class (GTK_WIDGET (self), "status-badge");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  self->icon = GTK_IMAGE (gtk_image_new ());
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_widget_set_parent (GTK_WIDGET (self->icon), GTK_WIDGET (self));

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
