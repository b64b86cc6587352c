#!/usr/bin/python3
"""check-style.py: data/style*.css parse without a GTK CSS error, and style.css defines every
named class the pages rely on (status badges, connection states, the row flash).

Usage: check-style.py DATA_DIR
"""
import os
import re
import sys

import gi
gi.require_version('Gtk', '4.0')
from gi.repository import Gtk  # noqa: E402

from fbtest import Tap  # noqa: E402

REQUIRED = [
    'status-badge',
    'status-submitted', 'status-accepted-by-store', 'status-in-kitchen',
    'status-ready-for-pickup', 'status-picked-up-by-driver', 'status-out-for-delivery',
    'status-delivered', 'status-cancelled', 'status-completed', 'status-unknown',
    'connection-connected', 'connection-connecting', 'connection-disconnected',
    'connection-failed', 'row-flash',
]


def main():
    data_dir = sys.argv[1]
    tap = Tap()
    sheets = sorted(f for f in os.listdir(data_dir) if re.fullmatch(r'style(-\w+)?\.css', f))
    for name in sheets:
        errors = []
        provider = Gtk.CssProvider()
        provider.connect('parsing-error',
                         lambda p, section, error: errors.append(
                             f'{section.to_string()}: {error.message}'))
        provider.load_from_path(os.path.join(data_dir, name))
        tap.check(f'{name} parses without errors', not errors, errors)

    with open(os.path.join(data_dir, 'style.css'), encoding='utf-8') as f:
        css = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.DOTALL)
    defined = set(re.findall(r'\.([A-Za-z][\w-]*)', css))
    for cls in REQUIRED:
        tap.check(f'style.css defines .{cls}', cls in defined)
    inline = re.findall(r'#[0-9a-fA-F]{3,8}\b|rgba?\(', css)
    tap.check('style.css uses named colours only', not inline, inline)

    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
