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
    results = []
    sheets = sorted(f for f in os.listdir(data_dir) if re.fullmatch(r'style(-\w+)?\.css', f))
    for name in sheets:
        errors = []
        provider = Gtk.CssProvider()
        provider.connect('parsing-error',
                         lambda p, section, error: errors.append(
                             f'{section.to_string()}: {error.message}'))
        provider.load_from_path(os.path.join(data_dir, name))
        results.append((f'{name} parses without errors', not errors, errors))

    with open(os.path.join(data_dir, 'style.css'), encoding='utf-8') as f:
        css = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.DOTALL)
    defined = set(re.findall(r'\.([A-Za-z][\w-]*)', css))
    for cls in REQUIRED:
        results.append((f'style.css defines .{cls}', cls in defined, None))
    inline = re.findall(r'#[0-9a-fA-F]{3,8}\b|rgba?\(', css)
    results.append(('style.css uses named colours only', not inline, inline))

    print(f'1..{len(results)}')
    ok = True
    for i, (what, passed, detail) in enumerate(results, 1):
        print(f'{"ok" if passed else "not ok"} {i} - {what}')
        if not passed:
            ok = False
            if detail:
                print(f'# {detail}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
