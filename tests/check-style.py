#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-style.py: data/style*.css parse without a GTK CSS error, and style.css defines every
named class the pages rely on (status badges, connection states, the row flash); and the C
sources read JSON they did not write only through fb_json_parse (src/core/fb-json.c), never with
JSON-GLib's own loaders, which take far more than JSON and recurse once per level (issue 15).

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


JSON_LOADERS = re.compile(r'\b(json_parser_load_from_(data|file|stream|stream_async|mapped_file)'
                          r'|json_from_string|json_gvariant_deserialize_data)\s*\(')
CHECKED_PARSER = os.path.join('src', 'core', 'fb-json.c')


def check_json_loaders(tap, top):
    found = []
    for folder in ('src', 'sim'):
        for root, _, files in os.walk(os.path.join(top, folder)):
            for name in sorted(files):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, top)
                if not name.endswith(('.c', '.h')) or rel == CHECKED_PARSER:
                    continue
                with open(path, encoding='utf-8') as f:
                    for number, line in enumerate(f, 1):
                        if JSON_LOADERS.search(line):
                            found.append(f'{rel}:{number}: {line.strip()}')
    tap.check('JSON from outside is read only through fb_json_parse', not found, found)

    # One inbound path: the decoders of each kind are called by fb-inbound only, which knows which
    # topics are whose (the app, watch and the ledger call fb_inbound_decode).
    decoders = re.compile(r'\b(fb_order_event_decode|fb_feeder_state_decode)\s*\(')
    own = {os.path.join('src', 'core', n) for n in ('fb-inbound.c', 'fb-order-event.c', 'fb-feeder-state.c',
                                                     'fb-order-event.h', 'fb-feeder-state.h')}
    found = []
    for folder in ('src', 'sim'):
        for root, _, files in os.walk(os.path.join(top, folder)):
            for name in sorted(files):
                rel = os.path.relpath(os.path.join(root, name), top)
                if not name.endswith(('.c', '.h')) or rel in own:
                    continue
                with open(os.path.join(top, rel), encoding='utf-8') as f:
                    found += [f'{rel}:{n}: {line.strip()}' for n, line in enumerate(f, 1) if decoders.search(line)]
    tap.check('messages are decoded only through fb_inbound_decode', not found, found)


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

    check_json_loaders(tap, os.path.dirname(os.path.abspath(data_dir)))
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
