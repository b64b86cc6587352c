/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-hold-model.h: a list that passes its model through, or holds still while a person reads it. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FB_TYPE_HOLD_MODEL (fb_hold_model_get_type ())

G_DECLARE_FINAL_TYPE (FbHoldModel, fb_hold_model, FB, HOLD_MODEL, GObject)

FbHoldModel *fb_hold_model_new       (GListModel  *model);
void         fb_hold_model_set_model (FbHoldModel *self,
                                      GListModel  *model);
GListModel  *fb_hold_model_get_model (FbHoldModel *self);
void         fb_hold_model_set_held  (FbHoldModel *self,
                                      gboolean     held);
gboolean     fb_hold_model_get_held  (FbHoldModel *self);
guint        fb_hold_model_get_n_new (FbHoldModel *self);
void         fb_hold_model_catch_up  (FbHoldModel *self);
void         fb_hold_model_set_step  (FbHoldModel *self,
                                      guint        step);
gboolean     fb_hold_model_get_growing (FbHoldModel *self);
void         fb_hold_model_grow      (FbHoldModel *self);

G_END_DECLS
