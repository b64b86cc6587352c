#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""screenshots.py: screenshots of the real app (main window, shortcuts window, About) in the
light, dark and high-contrast styles, under a private Xvfb and D-Bus session.

Usage: [SCREENSHOT_DELAY=S] dbus-run-session -- /usr/bin/python3 build-aux/screenshots.py BUILD_DIR OUT_DIR [APP_ARG...]
Needs Debian's python3 with python3-gi, Xvfb, xwd and convert (build-aux/install-deps).
"""
import ctypes
import ctypes.util
import os
import re
import subprocess
import sys
import time

from gi.repository import Gio, GLib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests'))
from fbtest import start_xvfb  # noqa: E402

STYLES = {
    'light': {'ADW_DEBUG_COLOR_SCHEME': 'prefer-light'},
    'dark': {'ADW_DEBUG_COLOR_SCHEME': 'prefer-dark'},
    'hc': {'ADW_DEBUG_HIGH_CONTRAST': '1'},
}


def shoot(display, path):
    xwd = subprocess.run(['xwd', '-root', '-silent', '-display', display],
                         capture_output=True, check=True, timeout=30)
    subprocess.run(['convert', 'xwd:-', path], input=xwd.stdout, check=True, timeout=30)
    print(path)





def shoot_dialog(display, path, in_window=False):
    """Raise the newest top-level that is not the main window and shoot it alone: without a
    window manager, Xvfb leaves a new dialog below the main window. With in_window, a dialog
    shown inside the main window (libadwaita 1.5 and later: About) is shot with its window."""
    tree = subprocess.run(['xwininfo', '-root', '-children', '-display', display],
                          capture_output=True, text=True, check=True, timeout=30).stdout
    # Skip the main window and GTK's 1x1 client leader off screen.
    ids = [m.group(1) for m in re.finditer(r'^\s+(0x[0-9a-f]+) "([^"]*)".*?\s(\d+)x(\d+)\+', tree, re.M)
           if m.group(2) != 'Feedboard' and int(m.group(3)) > 1]
    if not ids and in_window:
        shoot(display, path)
        return
    if not ids:
        raise RuntimeError('no dialog is mapped')
    xlib = ctypes.CDLL(ctypes.util.find_library('X11'))
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XRaiseWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = xlib.XOpenDisplay(display.encode())
    xlib.XRaiseWindow(dpy, int(ids[0], 16))
    xlib.XSync(dpy, 0)
    xlib.XCloseDisplay(dpy)
    time.sleep(0.5)
    xwd = subprocess.run(['xwd', '-id', ids[0], '-silent', '-display', display],
                         capture_output=True, check=True, timeout=30)
    subprocess.run(['convert', 'xwd:-', path], input=xwd.stdout, check=True, timeout=30)
    print(path)


def unique_name_of(pid):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    names = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                          'ListNames', None, None, 0, -1, None).unpack()[0]
    for name in names:
        if not name.startswith(':'):
            continue
        try:
            owner_pid = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                      'org.freedesktop.DBus', 'GetConnectionUnixProcessID',
                                      GLib.Variant('(s)', (name,)), None, 0, -1, None).unpack()[0]
        except GLib.Error:
            continue
        if owner_pid == pid:
            try:
                bus.call_sync(name, '/io/github/feedboard/Feedboard', 'org.gtk.Actions', 'List',
                              None, None, 0, 2000, None)
                return bus, name
            except GLib.Error:
                continue
    raise RuntimeError(f'no D-Bus connection of pid {pid} exports the app actions')


def wait_for_actions(pid, timeout=20):
    end = time.time() + timeout
    while True:
        try:
            unique_name_of(pid)
            time.sleep(2.0)  # let the first frame land
            return
        except RuntimeError:
            if time.time() > end:
                raise
            time.sleep(0.3)


def activate(pid, path, action, optional=False):
    bus, name = unique_name_of(pid)
    try:
        bus.call_sync(name, path, 'org.gtk.Actions', 'Activate',
                      GLib.Variant('(sava{sv})', (action, [], {})), None, 0, 5000, None)
    except GLib.Error as e:
        if not optional:
            raise
        print(f'# {action}: {e.message}', file=sys.stderr)



def main():
    build_dir, out_dir = sys.argv[1:3]
    app_args = sys.argv[3:]
    os.makedirs(out_dir, exist_ok=True)
    xvfb, display = start_xvfb()
    os.environ['DISPLAY'] = display
    os.environ['NO_AT_BRIDGE'] = '1'
    try:
        for style, extra in STYLES.items():
            env = dict(os.environ, GSETTINGS_SCHEMA_DIR=os.path.join(build_dir, 'data'),
                       GSETTINGS_BACKEND='memory', **extra)
            cmd = [os.path.join(build_dir, 'src', 'gui', 'feedboard')] + app_args
            app = subprocess.Popen(cmd, env=env)
            try:
                wait_for_actions(app.pid)
                # SCREENSHOT_DELAY=seconds lets a live page fill up (e.g. with --demo).
                time.sleep(float(os.environ.get('SCREENSHOT_DELAY', '0')))
                shoot(display, os.path.join(out_dir, f'main-{style}.png'))

                # The same actions Ctrl+? and the main menu activate, reached over D-Bus
                # (GApplication exports them even when NON_UNIQUE), so no window manager or
                # keyboard focus is needed.
                activate(app.pid, '/io/github/feedboard/Feedboard/window/1', 'show-help-overlay')
                time.sleep(1.5)
                shoot_dialog(display, os.path.join(out_dir, f'shortcuts-{style}.png'))
                # A fresh instance for About, so the shortcuts window is not behind it.
                app.terminate()
                app.wait(timeout=10)
                app = subprocess.Popen(cmd, env=env)
                wait_for_actions(app.pid)
                activate(app.pid, '/io/github/feedboard/Feedboard', 'about')
                time.sleep(1.5)
                shoot_dialog(display, os.path.join(out_dir, f'about-{style}.png'), in_window=True)
            finally:
                app.terminate()
                try:
                    app.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait()
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)


if __name__ == '__main__':
    main()
