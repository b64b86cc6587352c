/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-profile-store.c: the saved connection profiles, as one GSettings key (aa{sv}) so a profile
   is added or removed in one write; the secrets stay in the keyring (fb-keyring.c). */
#define G_LOG_DOMAIN "fb-profile-store"

#include "fb-profile-store.h"

struct _FbProfileStore
{
  GObject    parent_instance;

  GSettings *settings;
  GPtrArray *profiles;
  char      *last_used;   /* when there are no settings */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbProfileStore, fb_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return FB_TYPE_CONNECTION_PROFILE;
}

static guint
get_n_items (GListModel *model)
{
  return FB_PROFILE_STORE (model)->profiles->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  FbProfileStore *self = FB_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
fb_profile_store_write (FbProfileStore *self)
{
  GVariantBuilder builder;

  g_assert (FB_IS_PROFILE_STORE (self));

  if (self->settings == NULL)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < self->profiles->len; i++)
    g_variant_builder_add_value (&builder,
                                 fb_connection_profile_to_variant (g_ptr_array_index (self->profiles, i)));
  g_settings_set_value (self->settings, "profiles", g_variant_builder_end (&builder));
}

static void
fb_profile_store_read (FbProfileStore *self)
{
  g_autoptr(GVariant) list = NULL;
  GVariantIter iter;
  GVariant *dict;

  g_assert (FB_IS_PROFILE_STORE (self));

  if (self->settings == NULL)
    return;

  list = g_settings_get_value (self->settings, "profiles");
  g_variant_iter_init (&iter, list);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      FbConnectionProfile *profile = fb_connection_profile_new_from_variant (dict, &error);

      if (profile != NULL)
        g_ptr_array_add (self->profiles, profile);
      else
        g_warning ("Skipped a saved connection: %s", error->message);
      g_variant_unref (dict);
    }
}

static int
fb_profile_store_find (FbProfileStore *self,
                       const char     *id)
{
  for (guint i = 0; id != NULL && i < self->profiles->len; i++)
    if (g_strcmp0 (fb_connection_profile_get_id (g_ptr_array_index (self->profiles, i)), id) == 0)
      return i;
  return -1;
}

FbConnectionProfile *
fb_profile_store_lookup (FbProfileStore *self,
                         const char     *id)
{
  int i;

  g_return_val_if_fail (FB_IS_PROFILE_STORE (self), NULL);

  i = fb_profile_store_find (self, id);
  return i < 0 ? NULL : g_ptr_array_index (self->profiles, i);
}

void
fb_profile_store_save (FbProfileStore      *self,
                       FbConnectionProfile *profile)
{
  int i;

  g_return_if_fail (FB_IS_PROFILE_STORE (self));
  g_return_if_fail (FB_IS_CONNECTION_PROFILE (profile));

  i = fb_profile_store_find (self, fb_connection_profile_get_id (profile));
  if (i < 0)
    {
      g_ptr_array_add (self->profiles, g_object_ref (profile));
      fb_profile_store_write (self);
      g_list_model_items_changed (G_LIST_MODEL (self), self->profiles->len - 1, 0, 1);
    }
  else
    {
      if (g_ptr_array_index (self->profiles, i) != profile)
        {
          g_object_unref (g_ptr_array_index (self->profiles, i));
          g_ptr_array_index (self->profiles, i) = g_object_ref (profile);
        }
      fb_profile_store_write (self);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
    }
}

gboolean
fb_profile_store_remove (FbProfileStore *self,
                         const char     *id)
{
  int i;

  g_return_val_if_fail (FB_IS_PROFILE_STORE (self), FALSE);

  i = fb_profile_store_find (self, id);
  if (i < 0)
    return FALSE;

  g_ptr_array_remove_index (self->profiles, i);
  fb_profile_store_write (self);
  g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
  return TRUE;
}

FbConnectionProfile *
fb_profile_store_get_last_used (FbProfileStore *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (FB_IS_PROFILE_STORE (self), NULL);

  id = self->settings != NULL ? g_settings_get_string (self->settings, "last-profile")
                              : g_strdup (self->last_used);
  return fb_profile_store_lookup (self, id);
}

void
fb_profile_store_set_last_used (FbProfileStore *self,
                                const char     *id)
{
  g_return_if_fail (FB_IS_PROFILE_STORE (self));

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-profile", id != NULL ? id : "");
  g_free (self->last_used);
  self->last_used = g_strdup (id);
}

static void
fb_profile_store_finalize (GObject *object)
{
  FbProfileStore *self = FB_PROFILE_STORE (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->last_used, g_free);

  G_OBJECT_CLASS (fb_profile_store_parent_class)->finalize (object);
}

static void
fb_profile_store_class_init (FbProfileStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_profile_store_finalize;
}

static void
fb_profile_store_init (FbProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
}

FbProfileStore *
fb_profile_store_new (GSettings *settings)
{
  FbProfileStore *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FB_TYPE_PROFILE_STORE, NULL);
  g_set_object (&self->settings, settings);
  fb_profile_store_read (self);
  return self;
}
