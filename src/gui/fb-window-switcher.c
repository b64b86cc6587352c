/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window-switcher.c: the window's page switcher and Start Simulation's width, the part of the
   window that differs most between libadwaita 1.2 (AdwViewSwitcherTitle, AdwSqueezer) and 1.4 and
   later (breakpoints; both are deprecated there). */
#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-window-private.h"

/* The page switcher: in the header bar while the window is wide, in a bar at the bottom when it
   is narrow, none on the welcome page or Can't Connect (the header bar says "Feedboard" instead). libadwaita 1.4
   does it with a breakpoint (AdwViewSwitcherTitle is deprecated there), 1.2 with
   AdwViewSwitcherTitle, which reveals the bar itself. */
void
_fb_window_update_switcher (FbWindow *self)
{
  /* No pages to switch (the welcome page, Can't Connect): no switcher (_fb_window_update_pages_cb). */
  gboolean pages = gtk_widget_get_visible (GTK_WIDGET (self->view_stack));

#if ADW_CHECK_VERSION (1, 4, 0)
  adw_header_bar_set_title_widget (self->header_bar, !pages || self->narrow ? NULL : self->switcher);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, self->narrow);
#else
  adw_view_switcher_title_set_view_switcher_enabled (ADW_VIEW_SWITCHER_TITLE (self->switcher), pages);
#endif
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), pages);
}

#if ADW_CHECK_VERSION (1, 4, 0)
static void
fb_window_breakpoint_cb (FbWindow *self)
{
  self->narrow = adw_application_window_get_current_breakpoint (ADW_APPLICATION_WINDOW (self))
                 == self->narrow_breakpoint;
  _fb_window_update_switcher (self);
}
#endif

void
_fb_window_switcher_init (FbWindow *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  /* Two breakpoints that never match at once: narrow (the switcher at the bottom) and, up to
     the width where Start Simulation's words and the whole switcher fit beside each other, the
     button's icon alone and the pages' icons above their names, as AdwSqueezer and
     AdwViewSwitcherTitle do on 1.2 (without it the switcher is cut: "Overv…", "Messag…"). */
  AdwBreakpoint *narrow = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 760sp"));
  AdwBreakpoint *compact = adw_breakpoint_new (adw_breakpoint_condition_parse ("min-width: 761sp and max-width: 1100sp"));
  GValue hidden = G_VALUE_INIT;
  GValue stacked = G_VALUE_INIT;

  self->switcher = g_object_ref_sink (adw_view_switcher_new ());
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (self->switcher), self->view_stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (self->switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  g_value_init (&hidden, G_TYPE_BOOLEAN);
  g_value_init (&stacked, ADW_TYPE_VIEW_SWITCHER_POLICY);
  g_value_set_enum (&stacked, ADW_VIEW_SWITCHER_POLICY_NARROW);
  adw_breakpoint_add_setter (narrow, G_OBJECT (self->simulation_label), "visible", &hidden);
  adw_breakpoint_add_setter (compact, G_OBJECT (self->simulation_label), "visible", &hidden);
  adw_breakpoint_add_setter (compact, G_OBJECT (self->switcher), "policy", &stacked);
  self->narrow_breakpoint = narrow;
  g_signal_connect (self, "notify::current-breakpoint", G_CALLBACK (fb_window_breakpoint_cb), NULL);
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (self), narrow);
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (self), compact);
#else
  self->switcher = g_object_ref_sink (adw_view_switcher_title_new ());
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (self->switcher), self->view_stack);
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (self->switcher), _("Feedboard"));
  g_object_bind_property (self->switcher, "title-visible", self->switcher_bar, "reveal", G_BINDING_SYNC_CREATE);
#endif
  adw_header_bar_set_title_widget (self->header_bar, self->switcher);
  _fb_window_update_switcher (self);

#if !ADW_CHECK_VERSION (1, 4, 0)
  /* Start Simulation: its words while there is room, the icon alone when there is not (1.4 and
     later: the breakpoint, above). */
  {
    GtkWidget *content = g_object_ref (gtk_button_get_child (GTK_BUTTON (self->simulation_button)));
    GtkWidget *squeezer = adw_squeezer_new ();
    GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "media-playback-start-symbolic",
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

    gtk_button_set_child (GTK_BUTTON (self->simulation_button), NULL);
    adw_squeezer_set_transition_type (ADW_SQUEEZER (squeezer), ADW_SQUEEZER_TRANSITION_TYPE_CROSSFADE);
    adw_squeezer_add (ADW_SQUEEZER (squeezer), content);
    adw_squeezer_add (ADW_SQUEEZER (squeezer), icon);
    gtk_button_set_child (GTK_BUTTON (self->simulation_button), squeezer);
    g_object_unref (content);
  }
#endif
}
