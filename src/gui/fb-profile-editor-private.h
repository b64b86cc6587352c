/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-profile-editor-private.h: the connection form's parts shared by its files: the form
   (fb-profile-editor.c) and Test Connection (fb-profile-editor-test.c). */
#pragma once

#include "fb-profile-editor.h"

G_BEGIN_DECLS

/* A test that neither connects nor fails by then is reported as a timeout. */
#define TEST_TIMEOUT_SECONDS 20

struct _FbProfileEditor
{
  GtkBox               parent_instance;

  FbSession           *session;
  FbConnectionProfile *profile;     /* a copy, written on save */
  gboolean             is_new;

  FbMqttClient        *test_client;
  GCancellable        *test_cancellable;
  guint                test_timeout_id;

  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkRevealer         *fault_revealer;
  GtkLabel            *fault_label;
  GMenu               *region_menu;
  GMenu               *eventbridge_region_menu;
  GCancellable        *chooser_cancellable;
  char                *fault;       /* why the form is not valid, in words; NULL when it is */
  gboolean             saving;
  AdwPreferencesGroup *general_group;
  AdwPreferencesGroup *aws_group;
  AdwPreferencesGroup *broker_group;
  AdwPreferencesGroup *feeding_group;
  AdwPreferencesGroup *topics_group;
  AdwEntryRow         *name_row;
  AdwEntryRow         *endpoint_row;
  AdwEntryRow         *region_row;
  GtkCheckButton      *source_buttons[4];   /* by FbCredentialsSource */
  AdwEntryRow         *aws_profile_row;
  AdwEntryRow         *pool_row;
  AdwEntryRow         *key_id_row;
  AdwEntryRow         *secret_row;
  AdwEntryRow         *token_row;
  AdwEntryRow         *broker_row;
  AdwEntryRow         *username_row;
  AdwEntryRow         *password_row;
  AdwEntryRow         *ca_row;
  AdwComboRow         *route_row;
  AdwEntryRow         *bus_row;
  AdwEntryRow         *eb_region_row;
  AdwEntryRow         *shared_row;
  AdwEntryRow         *polling_row;
  AdwEntryRow         *order_topics_row;
  AdwEntryRow         *feeder_topics_row;
  GtkButton           *test_button;
  GtkSpinner          *test_spinner;
  GtkLabel            *test_result;
};

const char *fb_profile_editor_text_of         (AdwEntryRow         *row);
/* The core's words (English msgids) in the user's language. */
const char *fb_profile_editor_words           (const char          *problem);
/* The form's values into @profile (the copy, or a throwaway one for a test). */
void        fb_profile_editor_apply           (FbProfileEditor     *self,
                                               FbConnectionProfile *profile);
/* Marks the rows and Save; FALSE when a visible field is at fault (self->fault says which). */
gboolean    fb_profile_editor_check           (FbProfileEditor     *self);
/* Ends a running test; @message (if any) shown under the button, green or red. */
void        fb_profile_editor_end_test        (FbProfileEditor     *self,
                                               const char          *message,
                                               gboolean             success);
void        fb_profile_editor_test_clicked_cb (FbProfileEditor     *self);

G_END_DECLS
