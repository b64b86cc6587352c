/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-settings.c: the app's GSettings when its schema is installed. */
#define G_LOG_DOMAIN "fb-settings"

#include "config.h"

#include "fb-settings.h"

GSettings *
fb_settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("schema %s not installed; settings are not saved", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}
