/* fb-window.c: the main window: header bar, pages and toasts. */
#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include "fb-window.h"

struct _FbWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (FbWindow, fb_window, ADW_TYPE_APPLICATION_WINDOW)

static void
fb_window_class_init (FbWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/feedboard/Feedboard/fb-window.ui");
}

static void
fb_window_init (FbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FbWindow *
fb_window_new (FbApplication *app)
{
  return g_object_new (FB_TYPE_WINDOW, "application", app, NULL);
}
