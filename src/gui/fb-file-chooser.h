/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-file-chooser.h: choosing a file to open, with the file dialog of the GTK at hand: GtkFileDialog
   from GTK 4.10, GtkFileChooserNative before it (both use the desktop portal when there is one). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* @patterns: glob patterns for a filter named @filter_name (both may be NULL); "All files" is
   offered beside it. The result is NULL without an error when the person cancels. */
void   fb_file_chooser_open_async  (GtkWindow           *parent,
                                    const char          *title,
                                    const char          *filter_name,
                                    const char * const  *patterns,
                                    GFile               *initial_file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GFile *fb_file_chooser_open_finish (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
