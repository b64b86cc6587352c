#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-icons.py: every icon the app names (src/gui: .c and .ui, data/gtk) is in the icon theme
it runs with (Adwaita, hicolor, GTK's own), or among its own (data/icons). Adwaita 48 (Debian 13,
the GNOME runtime) dropped icons Adwaita 43 (Debian 12) has; a missing one shows as a broken image.

Usage: check-icons.py SOURCE_DIR
"""
import glob
import os
import re
import sys

import gi
gi.require_version('Gtk', '4.0')
from gi.repository import Gtk  # noqa: E402

from fbtest import Tap  # noqa: E402

# An icon name: a literal ending in -symbolic (C) or an icon-name property (.ui).
C_ICON = re.compile(r'"([a-z0-9-]+-symbolic)"')
UI_ICON = re.compile(r'<property name="icon-name">([^<]+)</property>')


def names_in(source_dir):
    found = {}
    files = (glob.glob(os.path.join(source_dir, 'src', 'gui', '*.[ch]'))
             + glob.glob(os.path.join(source_dir, 'src', 'gui', '*.ui'))
             + glob.glob(os.path.join(source_dir, 'data', 'gtk', '*.ui')))
    for path in sorted(files):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        pattern = UI_ICON if path.endswith('.ui') else C_ICON
        for name in pattern.findall(text):
            found.setdefault(name, os.path.relpath(path, source_dir))
    return found


def main():
    source_dir = sys.argv[1]
    tap = Tap()
    theme = Gtk.IconTheme.new()
    theme.set_theme_name('Adwaita')
    theme.add_search_path(os.path.join(source_dir, 'data', 'icons'))
    names = names_in(source_dir)
    tap.check('the app names icons', names, names)
    for name, where in sorted(names.items()):
        tap.check(f'{name} ({where}) is in the icon theme', theme.has_icon(name))
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
