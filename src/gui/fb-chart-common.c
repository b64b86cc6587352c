/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-chart-common.c: what the charts share (see fb-chart-common.h). */
#define G_LOG_DOMAIN "fb-chart"

#include "fb-chart-common.h"

void
fb_chart_get_colors (GtkWidget *widget,
                     float      faint_alpha,
                     GdkRGBA   *color,
                     GdkRGBA   *faint)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
  *faint = *color;
  faint->alpha *= faint_alpha;
}

void
fb_chart_set_summary (GtkWidget  *widget,
                      const char *summary)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
  gtk_widget_set_tooltip_text (widget, summary);
}

typedef struct
{
  int min_width;
  int min_height;
  int natural_width;
  int natural_height;
} ChartSize;

/* The size a chart class asks for, on its GType. */
static G_DEFINE_QUARK (fb-chart-size, chart_size)

static void
fb_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  const ChartSize *size = g_type_get_qdata (G_OBJECT_TYPE (widget), chart_size_quark ());

  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? size->min_width : size->min_height;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? size->natural_width : size->natural_height;
}

void
fb_chart_class_setup (GtkWidgetClass *widget_class,
                      const char     *css_name,
                      int             min_width,
                      int             min_height,
                      int             natural_width,
                      int             natural_height)
{
  ChartSize *size = g_new (ChartSize, 1);   /* the class's, for the life of the program */

  size->min_width = min_width;
  size->min_height = min_height;
  size->natural_width = natural_width;
  size->natural_height = natural_height;
  g_type_set_qdata (G_TYPE_FROM_CLASS (widget_class), chart_size_quark (), size);
  widget_class->measure = fb_chart_measure;
  gtk_widget_class_set_css_name (widget_class, css_name);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}
