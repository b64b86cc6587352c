/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window-private.h: what the window's files share — the instance struct and the functions one
   part calls in another: the window (fb-window.c), its history (fb-window-history.c: the past shown
   on demand) and its overview (fb-window-overview.c). Not for use outside fb-window*.c. */
#pragma once

#include "fb-alert-banner.h"
#include "fb-connection-indicator.h"
#include "fb-feeders-page.h"
#include "fb-frame-stats.h"
#include "fb-history-bar.h"
#include "fb-messages-page.h"
#include "fb-orders-page.h"
#include "fb-overview-page.h"
#include "fb-recording-banner.h"
#include "fb-window.h"

G_BEGIN_DECLS

struct _FbWindow
{
  AdwApplicationWindow   parent_instance;

  AdwToastOverlay       *toast_overlay;
  AdwHeaderBar          *header_bar;
  AdwViewStack          *view_stack;
  AdwStatusPage         *welcome_page;
  AdwStatusPage         *error_page;
  GtkWidget             *error_edit_button;
  GtkWidget             *demo_tag;
  GtkWidget             *switcher;       /* the header bar's title widget (owned) */
  AdwViewSwitcherBar    *switcher_bar;
  gboolean               narrow;
  gpointer               narrow_breakpoint; /* AdwBreakpoint (1.4+), the window's */
  AdwBin                *orders_bin;
  GtkWidget             *feeders_placeholder;
  GtkWidget             *simulation_button;
  GtkWidget             *simulation_label;
  GSettings             *settings;

  FbConnectionIndicator *connection_indicator;
  FbOrdersPage          *orders_page;
  FbOverviewPage        *overview_page;
  FbAlertBanner         *alert_banner;
  FbFeedersPage         *feeders_page;
  FbMessagesPage        *messages_page;
  FbHistoryBar          *history_bar;
  FbRecordingBanner     *recording_banner;
  GtkWidget             *history_button;
  GCancellable          *view_cancellable;
  gint64                 viewing_at;     /* the past instant shown; 0 = live */
  FbSession             *session;
  FbOrderSimulation     *simulation;     /* the session's, watched for "busy" */
  AdwToast              *simulation_toast; /* the last outcome shown: a weak pointer, cleared on dismissal */
  FbFrameStats          *frame_stats;
};

/* fb-window-overview.c: the overview page's and the alerts' part of the window. */
void _fb_window_overview_class_init (GtkWidgetClass *widget_class);
void _fb_window_overview_init       (FbWindow       *self);

/* fb-window.c: the welcome page, "Can't Connect", or the Orders and Feeders pages. */
void _fb_window_update_pages_cb      (FbWindow       *self);

/* fb-window-history.c */
void _fb_window_class_init_history   (GtkWidgetClass *widget_class);
void _fb_window_init_history         (FbWindow       *self);
void _fb_window_set_session_history  (FbWindow       *self,
                                      FbSession      *session);
/* Back to the live state: the past's view and controls go. */
void _fb_window_show_live            (FbWindow       *self);

/* fb-window-switcher.c: the page switcher, on libadwaita 1.2 and on 1.4 and later. */
void _fb_window_switcher_init   (FbWindow *self);
void _fb_window_update_switcher (FbWindow *self);

G_END_DECLS
