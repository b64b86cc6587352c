/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hold-model.c: passes its model through; held, rows hold still and new items are counted;
 * catching up and letting go tell a view the difference, true of the list when told; with a
 * step, a list follows its model a step at a time. */
#include "fb-hold-model.h"

/* A copy of the list kept only from items-changed. */
typedef struct {
  GPtrArray *rows;
  guint      signals;
  guint      near;      /* signals that changed one of the first 256 rows */
} Mirror;

static void
on_mirror_changed (GListModel *model, guint pos, guint removed, guint added, Mirror *m)
{
  g_assert_cmpuint (pos + removed, <=, m->rows->len);
  g_ptr_array_remove_range (m->rows, pos, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (m->rows, pos + i, g_list_model_get_item (model, pos + i));
  g_assert_cmpuint (m->rows->len, ==, g_list_model_get_n_items (model));
  m->signals++;
  m->near += pos < 256;
}

static void
assert_same (GListModel *a, GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(GObject) x = g_list_model_get_item (a, i);
      g_autoptr(GObject) y = g_list_model_get_item (b, i);
      g_assert_true (x == y);
    }
}

static void
assert_mirror (Mirror *m, GListModel *model)
{
  g_assert_cmpuint (m->rows->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < m->rows->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_assert_true (item == g_ptr_array_index (m->rows, i));
    }
}

static void
prepend_new (GListStore *store, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
      g_list_store_insert (store, 0, item);
    }
}

static void
test_hold (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(FbHoldModel) hold = fb_hold_model_new (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  Mirror m = { g_ptr_array_new_with_free_func (g_object_unref), 0, 0 };

  g_signal_connect (hold, "items-changed", G_CALLBACK (on_mirror_changed), &m);

  /* Not held: the model itself. */
  prepend_new (store, 10);
  g_assert_cmpuint (m.signals, ==, 10);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));
  assert_mirror (&m, G_LIST_MODEL (hold));

  /* Held: new items above, one moved to the top, one removed: the rows shown do not move. */
  fb_hold_model_set_held (hold, TRUE);
  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (hold), i));
  m.signals = 0;
  prepend_new (store, 3);
  {
    g_autoptr(GObject) moved = g_list_model_get_item (G_LIST_MODEL (store), 9);
    g_list_store_remove (store, 9);
    g_list_store_insert (store, 0, moved);
  }
  g_list_store_remove (store, 12);
  g_assert_cmpuint (m.signals, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hold)), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (hold), i);
      g_assert_true (item == g_ptr_array_index (before, i));
    }
  g_assert_cmpuint (fb_hold_model_get_n_new (hold), ==, 3);

  /* Catching up: one signal, the model's list now, still held, nothing new. */
  fb_hold_model_catch_up (hold);
  g_assert_cmpuint (m.signals, ==, 1);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));
  assert_mirror (&m, G_LIST_MODEL (hold));
  g_assert_true (fb_hold_model_get_held (hold));
  g_assert_cmpuint (fb_hold_model_get_n_new (hold), ==, 0);

  /* Letting go after more arrived: one signal, only the new head. */
  prepend_new (store, 2);
  g_assert_cmpuint (fb_hold_model_get_n_new (hold), ==, 2);
  m.signals = 0;
  fb_hold_model_set_held (hold, FALSE);
  g_assert_cmpuint (m.signals, ==, 1);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));
  assert_mirror (&m, G_LIST_MODEL (hold));
  g_assert_cmpuint (fb_hold_model_get_n_new (hold), ==, 0);

  /* Passing through again. */
  prepend_new (store, 1);
  g_assert_cmpuint (m.signals, ==, 2);
  assert_mirror (&m, G_LIST_MODEL (hold));

  g_signal_handlers_disconnect_by_data (hold, &m);
  g_ptr_array_unref (m.rows);
}

static void
on_head (GListModel *model, guint pos, guint removed, guint added, guint *out)
{
  out[0] = pos, out[1] = removed, out[2] = added;
}

static void
test_difference_is_small (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(FbHoldModel) hold = fb_hold_model_new (G_LIST_MODEL (store));
  guint change[3] = { 0 };

  prepend_new (store, 1000);
  fb_hold_model_set_held (hold, TRUE);
  prepend_new (store, 5);
  g_signal_connect (hold, "items-changed", G_CALLBACK (on_head), change);
  fb_hold_model_set_held (hold, FALSE);
  /* Five rows inserted at the top, the thousand below left alone. */
  g_assert_cmpuint (change[0], ==, 0);
  g_assert_cmpuint (change[1], ==, 0);
  g_assert_cmpuint (change[2], ==, 5);
}

static void
prepend_many (GListStore *store, guint n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_object_new (G_TYPE_OBJECT, NULL));
  g_list_store_splice (store, 0, 0, items->pdata, n);
}

/* @n times, the item at @position to the top. */
static void
move_to_top (GListStore *store, guint position, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) moved = g_list_model_get_item (G_LIST_MODEL (store), position);
      g_list_store_remove (store, position);
      g_list_store_insert (store, 0, moved);
    }
}

/* How many of @now's first @region items were not among @before's first @region. */
static guint
n_coming (GPtrArray *before, GListModel *now, guint region)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);
  guint n = 0;

  for (guint i = 0; i < MIN (before->len, region); i++)
    g_hash_table_add (shown, g_ptr_array_index (before, i));
  for (guint i = 0; i < MIN (g_list_model_get_n_items (now), region); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (now, i);
      n += !g_hash_table_contains (shown, item);
    }
  return n;
}

/* Steps until the hold model is its model: each step one signal that changes the first 256 rows
 * (others only remove rows further down), the mirror true, at most @step items new to the first
 * 256 rows. Returns the steps taken. */
static guint
follow (FbHoldModel *hold, Mirror *m, guint step)
{
  guint steps = 0;

  while (fb_hold_model_get_growing (hold))
    {
      g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
      guint near = m->near;

      for (guint i = 0; i < m->rows->len; i++)
        g_ptr_array_add (before, g_object_ref (g_ptr_array_index (m->rows, i)));
      fb_hold_model_grow (hold);
      assert_mirror (m, G_LIST_MODEL (hold));
      g_assert_cmpuint (m->near, <=, near + 1);
      g_assert_cmpuint (n_coming (before, G_LIST_MODEL (hold), 256), <=, step);
      g_assert_cmpuint (++steps, <, 100);
    }
  return steps;
}

/* With a step, not held: a change is told at the next step, not at once; a small one (up to
 * eight steps' worth) in one step, a big one at most a step of items into the first rows per step, the mirror true at every step, in one signal; the
 * list reaches its model. Held meanwhile, the rows hold still. No step: at once. */
static void
test_follow (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(FbHoldModel) hold = fb_hold_model_new (G_LIST_MODEL (store));
  Mirror m = { g_ptr_array_new_with_free_func (g_object_unref), 0, 0 };
  guint steps;

  fb_hold_model_set_step (hold, 20);
  g_signal_connect (hold, "items-changed", G_CALLBACK (on_mirror_changed), &m);

  /* A few items: nothing told until the step, then all of them in one. */
  prepend_many (store, 10);
  g_assert_true (fb_hold_model_get_growing (hold));
  g_assert_cmpuint (m.signals, ==, 0);
  g_assert_cmpuint (follow (hold, &m, 20), ==, 1);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));

  /* A thousand more, three more while it follows: the newest first, 20 at a time. */
  prepend_many (store, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hold)), ==, 10);
  fb_hold_model_grow (hold);
  {
    g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
    g_assert_true (first == g_ptr_array_index (m.rows, 0));
  }
  prepend_many (store, 3);
  steps = follow (hold, &m, 20);
  g_assert_cmpuint (steps, >=, 5);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));

  /* A burst: 300 items from far down move to the top, one removed from the first rows. */
  move_to_top (store, 1012, 300);
  g_list_store_remove (store, 5);
  steps = follow (hold, &m, 20);
  g_assert_cmpuint (steps, >=, 6);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));

  /* Ten items from far down to the top: removed down there, inserted at the top; the rows
   * between them are not replaced (a view would move and measure them all again). */
  move_to_top (store, 1000, 10);
  {
    guint change[3] = { 99, 99, 99 };
    gulong id = g_signal_connect (hold, "items-changed", G_CALLBACK (on_head), change);

    g_assert_cmpuint (follow (hold, &m, 20), ==, 1);
    g_assert_cmpuint (change[0], ==, 0);
    g_assert_cmpuint (change[1], ==, 0);
    g_assert_cmpuint (change[2], ==, 10);
    g_signal_handler_disconnect (hold, id);
  }
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));

  /* Held while it follows: the rows stay as they are; what they lack is new. */
  prepend_many (store, 180);
  fb_hold_model_grow (hold);
  g_assert_true (fb_hold_model_get_growing (hold));
  fb_hold_model_set_held (hold, TRUE);
  g_assert_false (fb_hold_model_get_growing (hold));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hold)), ==, 1012 + 20);
  g_assert_cmpuint (fb_hold_model_get_n_new (hold), ==, 160);
  assert_mirror (&m, G_LIST_MODEL (hold));
  /* Let go: to the model again, the 160 not shown in one step (eight steps' worth). */
  fb_hold_model_set_held (hold, FALSE);
  g_assert_cmpuint (fb_hold_model_get_n_new (hold), ==, 0);
  g_assert_cmpuint (follow (hold, &m, 160), ==, 1);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));

  /* Items removed between two steps (from the end and from the first rows) are gone from the
   * steps after: each step sees the model as it is. */
  prepend_many (store, 500);
  fb_hold_model_grow (hold);
  g_assert_true (fb_hold_model_get_growing (hold));
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)) - 5, 5, NULL, 0);
  g_list_store_remove (store, 0);
  steps = follow (hold, &m, 20);
  g_assert_cmpuint (steps, >=, 2);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));

  /* Catching up, not held: still a step at a time (a new filter into a short list is a burst). */
  prepend_many (store, 500);
  fb_hold_model_catch_up (hold);
  g_assert_true (fb_hold_model_get_growing (hold));
  g_assert_cmpuint (follow (hold, &m, 20), >, 1);
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));

  /* No step: at once. */
  fb_hold_model_set_step (hold, 0);
  g_list_store_remove_all (store);
  prepend_many (store, 500);
  g_assert_false (fb_hold_model_get_growing (hold));
  assert_same (G_LIST_MODEL (hold), G_LIST_MODEL (store));
  assert_mirror (&m, G_LIST_MODEL (hold));

  g_signal_handlers_disconnect_by_data (hold, &m);
  g_ptr_array_unref (m.rows);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hold-model/hold", test_hold);
  g_test_add_func ("/hold-model/difference-is-small", test_difference_is_small);
  g_test_add_func ("/hold-model/follow", test_follow);
  return g_test_run ();
}
