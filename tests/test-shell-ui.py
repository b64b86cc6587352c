#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-shell-ui.py: the real app under Xvfb, driven by the keyboard and read through AT-SPI.

Ctrl+? opens the shortcuts window, Escape closes it, every control a person can reach in the
main window has an accessible name, and Ctrl+Q quits.

Usage: test-shell-ui.py FEEDBOARD SCHEMA_DIR   (starts its own Xvfb and D-Bus session bus)
"""
import os
import re
import subprocess
import sys
import time

from fbtest import Tap, start_session_bus, start_xvfb, wait_until

# X keycodes (evdev) for the keys pressed here.
KEY_CONTROL, KEY_SHIFT, KEY_SLASH, KEY_ESCAPE, KEY_Q, KEY_F10 = 37, 50, 61, 9, 24, 76
# The GNOME HIG's order: the app's own items, then Preferences, Keyboard Shortcuts, About last.
MENU_ORDER = ['History', 'Export History…', 'Clear History…', 'Preferences', 'Keyboard Shortcuts',
              'About Feedboard']
# 'button' is GTK 4.18's name for GTK 4.8's 'push button'.
NAMED_ROLES = {'push button', 'button', 'toggle button', 'check box', 'radio button', 'text', 'entry',
               'spin button', 'combo box', 'menu item', 'slider', 'switch', 'page tab'}

tap = Tap()
check = tap.check


def wait_for(predicate, timeout=15.0):
    """predicate ()'s first true value within timeout seconds, or None."""
    try:
        return wait_until(predicate, timeout, 'it')
    except TimeoutError:
        return None


def find_named(node, name, role):
    if node is None:
        return None
    if node.name == name and node.getRoleName() == role:
        return node
    for i in range(node.childCount):
        found = find_named(node.getChildAtIndex(i), name, role)
        if found is not None:
            return found
    return None


def keys(pyatspi, codes):
    for c in codes:
        pyatspi.Registry.generateKeyboardEvent(c, None, pyatspi.KEY_PRESS)
        time.sleep(0.05)
    for c in reversed(codes):
        pyatspi.Registry.generateKeyboardEvent(c, None, pyatspi.KEY_RELEASE)
        time.sleep(0.05)


checked_controls = []


def unnamed_controls(node, path='', parent_is_named_combo=False):
    out = []
    try:
        role = node.getRoleName()
    except Exception:
        return out
    # GTK 4.8 does not report "showing" below the frame, so hidden pages are checked too.
    # GTK 4.8's GtkDropDown exposes its own inner button, which no app can name; the drop-down
    # (the combo box) carries the name.
    if role in NAMED_ROLES and not parent_is_named_combo:
        checked_controls.append(node.name)
        # GTK falls back to the class name ("GtkToggleButton") when nobody named a control.
        if not (node.name or '').strip() or re.fullmatch(r'(Gtk|Adw)[A-Z]\w+', node.name):
            out.append(f'{path}/{role}')
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            out.extend(unnamed_controls(child, f'{path}/{role}[{i}]',
                                        role == 'combo box' and bool((node.name or '').strip())))
    return out


def main():
    global pyatspi_mod
    app_path, schema_dir = sys.argv[1:3]
    bus = start_session_bus()
    xvfb, display = start_xvfb()
    app = None
    try:
        os.environ.update(DISPLAY=display, GTK_A11Y='atspi', GSETTINGS_SCHEMA_DIR=schema_dir,
                          GSETTINGS_BACKEND='memory')
        os.environ.pop('NO_AT_BRIDGE', None)
        # The AT-SPI registry, started by D-Bus, synthesizes the key presses on our display.
        subprocess.run(['dbus-update-activation-environment', 'DISPLAY', 'GTK_A11Y'],
                       check=True, timeout=30)
        import pyatspi
        pyatspi_mod = pyatspi

        app = subprocess.Popen([app_path])

        def find_app():
            for a in pyatspi.Registry.getDesktop(0):
                if a is not None and a.name == 'feedboard' and len(a) > 0:
                    return a
            return None

        acc = wait_for(lambda: find_app() or app.poll() is not None, 60)
        if acc is True:
            acc = None
        if not check('the app shows its main window on the accessibility bus', acc,
                     f'exit status {app.poll()}' if app.poll() is not None else 'not within 60 s'):
            return
        # The window's header bar and its page, built: what the checks below read.
        wait_for(lambda: find_named(acc[0], 'Main menu', 'push button')
                 and find_named(acc[0], 'Search orders by ID', 'entry'), 15)
        main_window = acc[0]
        check('the main window is called Feedboard', main_window.name == 'Feedboard',
              main_window.name)

        unnamed = unnamed_controls(main_window)
        check('every control in the main window has an accessible name',
              checked_controls and not unnamed, unnamed or 'no control found')
        print(f'# controls: {checked_controls}')

        def window_named(name):
            return lambda: next((w for w in acc if w is not None and w.name == name), None)

        def shortcuts_window():
            # GTK 4.18 leaves the shortcuts window (deprecated there) without a name on the
            # accessibility bus, title or not: there it is the window with the shortcuts' search.
            return window_named('Keyboard Shortcuts')() or next(
                (w for w in acc if w is not None and w.name == '' and w.getRoleName() == 'panel'
                 and search_shortcuts(w)), None)

        def search_shortcuts(node, depth=0):
            if node.name == 'Search Shortcuts':
                return True
            return depth < 4 and any(search_shortcuts(node.getChildAtIndex(i), depth + 1)
                                     for i in range(node.childCount)
                                     if node.getChildAtIndex(i) is not None)

        keys(pyatspi, [KEY_CONTROL, KEY_SHIFT, KEY_SLASH])
        shortcuts = wait_for(shortcuts_window, 10)
        if check('Ctrl+? opens the "Keyboard Shortcuts" window', shortcuts,
                 [w.name for w in acc]):
            wait_for(lambda: find_named(shortcuts, 'Show keyboard shortcuts', 'label'), 10)
            labels = set()

            def collect(node):
                if node.getRoleName() == 'label' and node.name:
                    labels.add(node.name)
                for i in range(node.childCount):
                    c = node.getChildAtIndex(i)
                    if c is not None:
                        collect(c)
            collect(shortcuts)
            for title in ('Show keyboard shortcuts', 'Open main menu', 'Quit', 'Show orders',
                          'Show feeders', 'Search', 'Show history, or back to live', 'Previous event',
                          'Next event', 'Back to live'):
                check(f'the shortcuts window lists "{title}"', title in labels, sorted(labels))

            keys(pyatspi, [KEY_ESCAPE])
            gone = wait_for(lambda: not shortcuts_window(), 10)
            check('Escape closes the shortcuts window', gone)

        # F10 opens the main menu; its items, read in order (GTK names them with the mnemonic's
        # underscore dropped).
        keys(pyatspi, [KEY_F10])

        def item_label(node):
            # GTK 4.18 names a menu item only through its labelled-by label.
            if node.name:
                return node.name
            return ' '.join(r.getTarget(i).queryText().getText(0, -1) for r in node.getRelationSet()
                            if r.getRelationType() == pyatspi.RELATION_LABELLED_BY
                            for i in range(r.getNTargets()))

        item_nodes = []

        def menu_items():
            items = []
            item_nodes.clear()

            def rec(node):
                try:
                    if node.getRoleName() == 'menu item' and item_label(node):
                        items.append(item_label(node).replace('_', ''))
                        item_nodes.append(node)
                    for i in range(node.childCount):
                        c = node.getChildAtIndex(i)
                        if c is not None:
                            rec(c)
                except Exception:
                    pass
            for w in acc:
                if w is not None:
                    rec(w)
            return items if len(items) >= len(MENU_ORDER) else None
        items = wait_for(menu_items, 10)
        check('the main menu lists the app\'s items first, then Preferences, Keyboard Shortcuts, '
              'About Feedboard', items == MENU_ORDER, items)
        keys(pyatspi, [KEY_ESCAPE])

        def showing(node):
            try:
                return node.getState().contains(pyatspi.STATE_SHOWING)
            except Exception:   # gone with the menu
                return False

        def menu_shown():
            # Walked again: GTK 4.18 takes the closed menu out of the tree but leaves its items'
            # nodes saying "showing" to whoever still holds them; GTK 4.8 keeps them, not showing.
            menu_items()
            return any(showing(n) for n in item_nodes)
        check('Escape closes the main menu', wait_for(lambda: not menu_shown(), 10))

        keys(pyatspi, [KEY_CONTROL, KEY_Q])
        try:
            status = app.wait(timeout=10)
            check('Ctrl+Q quits the app cleanly', status == 0, status)
        except subprocess.TimeoutExpired:
            check('Ctrl+Q quits the app cleanly', False, 'still running after 10 s')
    finally:
        if app is not None and app.poll() is None:
            app.kill()
            app.wait()
        xvfb.terminate()
        xvfb.wait(timeout=10)
        bus.terminate()
        bus.wait(timeout=10)
        sys.stdout.flush()


if __name__ == '__main__':
    main()
    sys.exit(tap.finish())
