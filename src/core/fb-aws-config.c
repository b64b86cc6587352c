/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-aws-config.c: reads credentials and settings the way the AWS CLI and SDKs do.
 * The shared files are small INI files; GKeyFile rejects some of what AWS accepts
 * (indented sub-settings, ';' comments) and cannot say which line is wrong, so they
 * are read here, line by line. */
#define G_LOG_DOMAIN "fb-aws-config"

#include <string.h>

#include "fb-aws-config.h"

G_DEFINE_QUARK (fb-aws-config-error-quark, fb_aws_config_error)

typedef GHashTable Sections;   /* section name → (key → value) */

static const char *
env_get (const char * const *envp,
         const char         *name)
{
  const char *value;

  if (envp != NULL)
    value = g_environ_getenv ((char **) envp, name);
  else
    value = g_getenv (name);

  return (value != NULL && *value != '\0') ? value : NULL;
}

static char *
shared_file_path (const char * const *envp,
                  const char         *override_var,
                  const char         *basename)
{
  const char *override = env_get (envp, override_var);
  const char *home = env_get (envp, "HOME");

  if (override != NULL)
    {
      if (g_str_has_prefix (override, "~/"))
        return g_build_filename (home != NULL ? home : g_get_home_dir (), override + 2, NULL);
      return g_strdup (override);
    }

  return g_build_filename (home != NULL ? home : g_get_home_dir (), ".aws", basename, NULL);
}

/* Returns NULL with no error when the file does not exist: a missing file is normal. */
static Sections *
read_ini (const char  *path,
          gboolean     is_config,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GHashTable) sections = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *current = NULL;
  gboolean last_was_key = FALSE;

  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PARSE,
                   "Cannot read %s: %s", path, local_error->message);
      return NULL;
    }

  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PARSE,
                   "%s is not a text file (it is not valid UTF-8)", path);
      return NULL;
    }

  sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_hash_table_unref);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      guint lineno = i + 1;
      gboolean indented = (*line == ' ' || *line == '\t');
      char *eq;

      g_strstrip (line);
      if (*line == '\0' || *line == '#' || *line == ';')
        continue;

      if (indented && last_was_key)
        continue;   /* a nested sub-setting (e.g. under "s3 ="): not ours */

      if (*line == '[')
        {
          char *close = strchr (line, ']');
          g_autofree char *name = NULL;

          if (close == NULL || close[1] != '\0' || close == line + 1)
            {
              g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PARSE,
                           "%s, line %u: a section header must look like [name]", path, lineno);
              return NULL;
            }

          name = g_strstrip (g_strndup (line + 1, close - line - 1));
          if (is_config && g_str_has_prefix (name, "profile "))
            {
              char *stripped = g_strdup (g_strstrip (name + strlen ("profile ")));
              g_free (name);
              name = stripped;
            }
          else if (is_config && strcmp (name, "default") != 0)
            {
              /* sso-session, services, ... sections: keep them under their full name. */
            }

          current = g_hash_table_lookup (sections, name);
          if (current == NULL)
            {
              current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              g_hash_table_insert (sections, g_steal_pointer (&name), current);
            }
          last_was_key = FALSE;
          continue;
        }

      eq = strchr (line, '=');
      if (eq == NULL || eq == line)
        {
          g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PARSE,
                       "%s, line %u: expected “key = value” or a [section]", path, lineno);
          return NULL;
        }
      if (current == NULL)
        {
          g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PARSE,
                       "%s, line %u: a setting comes before any [section]", path, lineno);
          return NULL;
        }

      *eq = '\0';
      g_hash_table_replace (current, g_strdup (g_strstrip (line)), g_strdup (g_strstrip (eq + 1)));
      last_was_key = TRUE;
    }

  return g_steal_pointer (&sections);
}

typedef struct
{
  char     *credentials_path;
  char     *config_path;
  Sections *credentials;
  Sections *config;
} SharedFiles;

static void
shared_files_clear (SharedFiles *files)
{
  g_free (files->credentials_path);
  g_free (files->config_path);
  g_clear_pointer (&files->credentials, g_hash_table_unref);
  g_clear_pointer (&files->config, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SharedFiles, shared_files_clear)

static gboolean
shared_files_load (SharedFiles         *files,
                   const char * const  *envp,
                   GError             **error)
{
  files->credentials_path = shared_file_path (envp, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  files->config_path = shared_file_path (envp, "AWS_CONFIG_FILE", "config");

  files->credentials = read_ini (files->credentials_path, FALSE, error);
  if (files->credentials == NULL && error != NULL && *error != NULL)
    return FALSE;

  files->config = read_ini (files->config_path, TRUE, error);
  if (files->config == NULL && error != NULL && *error != NULL)
    return FALSE;

  return TRUE;
}

static const char *
profile_name (const char         *profile,
              const char * const *envp)
{
  if (profile != NULL && *profile != '\0')
    return profile;
  if (env_get (envp, "AWS_PROFILE") != NULL)
    return env_get (envp, "AWS_PROFILE");
  return "default";
}

static const char *
lookup (Sections   *sections,
        const char *profile,
        const char *key)
{
  GHashTable *section;

  if (sections == NULL)
    return NULL;
  section = g_hash_table_lookup (sections, profile);
  if (section == NULL)
    return NULL;
  return g_hash_table_lookup (section, key);
}

static gboolean
has_profile (SharedFiles *files,
             const char  *profile)
{
  return (files->credentials != NULL && g_hash_table_contains (files->credentials, profile))
         || (files->config != NULL && g_hash_table_contains (files->config, profile));
}

FbCredentials *
fb_aws_config_resolve_credentials (const char         *profile,
                                   const char * const *envp,
                                   GError            **error)
{
  g_auto(SharedFiles) files = { 0 };
  const char *name;
  const char *akid, *secret, *token;
  const char *source;

  /* An explicit profile wins over the environment, as with `aws --profile`. */
  if (profile == NULL || *profile == '\0')
    {
      akid = env_get (envp, "AWS_ACCESS_KEY_ID");
      secret = env_get (envp, "AWS_SECRET_ACCESS_KEY");

      if (akid != NULL && secret != NULL)
        return fb_credentials_new (akid, secret, env_get (envp, "AWS_SESSION_TOKEN"), NULL);

      if ((akid != NULL) != (secret != NULL))
        {
          g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_INCOMPLETE,
                       "%s is set in the environment but %s is not",
                       akid != NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                       akid != NULL ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
          return NULL;
        }
    }

  if (!shared_files_load (&files, envp, error))
    return NULL;

  name = profile_name (profile, envp);

  /* The credentials file wins over the config file, key by key. */
  akid = lookup (files.credentials, name, "aws_access_key_id");
  secret = lookup (files.credentials, name, "aws_secret_access_key");
  token = lookup (files.credentials, name, "aws_session_token");
  source = files.credentials_path;
  if (akid == NULL && secret == NULL)
    {
      akid = lookup (files.config, name, "aws_access_key_id");
      secret = lookup (files.config, name, "aws_secret_access_key");
      source = files.config_path;
    }
  if (token == NULL)
    token = lookup (files.config, name, "aws_session_token");

  if (akid != NULL && secret != NULL && *akid != '\0' && *secret != '\0')
    return fb_credentials_new (akid, secret, token, NULL);

  if (akid != NULL || secret != NULL)
    {
      g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_INCOMPLETE,
                   "Profile “%s” in %s has %s but no %s", name, source,
                   akid != NULL ? "aws_access_key_id" : "aws_secret_access_key",
                   akid != NULL ? "aws_secret_access_key" : "aws_access_key_id");
      return NULL;
    }

  if ((profile != NULL && *profile != '\0') || env_get (envp, "AWS_PROFILE") != NULL)
    {
      if (!has_profile (&files, name))
        g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_PROFILE_NOT_FOUND,
                     "There is no profile “%s” in %s or %s", name,
                     files.credentials_path, files.config_path);
      else
        g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_NO_CREDENTIALS,
                     "Profile “%s” has no access keys (aws_access_key_id, aws_secret_access_key)", name);
      return NULL;
    }

  g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_NO_CREDENTIALS,
               "No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
               "or add a [default] profile to %s", files.credentials_path);
  return NULL;
}

char *
fb_aws_config_get_profile_value (const char         *profile,
                                 const char         *key,
                                 const char * const *envp,
                                 GError            **error)
{
  g_auto(SharedFiles) files = { 0 };
  const char *value;

  if (!shared_files_load (&files, envp, error))
    return NULL;

  value = lookup (files.config, profile_name (profile, envp), key);
  return g_strdup (value);
}

char *
fb_aws_config_resolve_region (const char         *profile,
                              const char * const *envp,
                              GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  char *region;

  if (env_get (envp, "AWS_REGION") != NULL)
    return g_strdup (env_get (envp, "AWS_REGION"));
  if (env_get (envp, "AWS_DEFAULT_REGION") != NULL)
    return g_strdup (env_get (envp, "AWS_DEFAULT_REGION"));

  region = fb_aws_config_get_profile_value (profile, "region", envp, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (region == NULL || *region == '\0')
    {
      g_free (region);
      g_set_error (error, FB_AWS_CONFIG_ERROR, FB_AWS_CONFIG_ERROR_NO_REGION,
                   "No AWS region: set AWS_REGION or a region in profile “%s”",
                   profile_name (profile, envp));
      return NULL;
    }

  return region;
}
