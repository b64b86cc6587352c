/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-file-chooser.c: one call for "choose a file to open" on GTK 4.8 and on newer GTK, so that
 * callers need no version checks. The outcome comes back as a GTask on the caller's context. */
#define G_LOG_DOMAIN "fb-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-file-chooser.h"

static GListStore *
filters_new (const char         *filter_name,
             const char * const *patterns)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (filter_name != NULL && patterns != NULL)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, filter_name);
      for (guint i = 0; patterns[i] != NULL; i++)
        gtk_file_filter_add_pattern (filter, patterns[i]);
      g_list_store_append (filters, filter);
    }
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);
  return filters;
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
fb_file_chooser_dialog_open_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, &error);

  if (file == NULL && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED)
      && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, file, g_object_unref);
}
#else
static void
fb_file_chooser_native_response_cb (GtkNativeDialog *dialog,
                                    int              response,
                                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_task_return_pointer (task, file, g_object_unref);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}
#endif

void
fb_file_chooser_open_async (GtkWindow           *parent,
                            const char          *title,
                            const char          *filter_name,
                            const char * const  *patterns,
                            GFile               *initial_file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GListStore) filters = filters_new (filter_name, patterns);
  GTask *task;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_file_chooser_open_async);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_modal (dialog, TRUE);
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    if (initial_file != NULL)
      gtk_file_dialog_set_initial_file (dialog, initial_file);
    gtk_file_dialog_open (dialog, parent, cancellable, fb_file_chooser_dialog_open_cb, task);
  }
#else
  {
    GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                _("_Open"), _("_Cancel"));

    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (filters)); i++)
      {
        g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);

        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      }
    if (initial_file != NULL && g_file_query_exists (initial_file, NULL))
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), initial_file, NULL);
    g_signal_connect (dialog, "response", G_CALLBACK (fb_file_chooser_native_response_cb), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  }
#endif
}

GFile *
fb_file_chooser_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fb_file_chooser_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
