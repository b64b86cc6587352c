#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-shortcuts.py: fails when a keyboard shortcut the app defines is not listed in the
shortcuts window (data/gtk/help-overlay.ui), or when the window lists one nobody defines.

Shortcuts are read from the sources: gtk_widget_class_add_binding_action () and
gtk_widget_class_add_binding () calls, the accelerator arrays given to
gtk_application_set_accels_for_action (), and "trigger"/"accelerator" properties in .ui files.
GTK's own (Ctrl+? for this window, F10 for the primary menu) are added here.

Usage: check-shortcuts.py SOURCE_ROOT
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

MASKS = {'GDK_CONTROL_MASK': 'control', 'GDK_ALT_MASK': 'alt', 'GDK_SHIFT_MASK': 'shift',
         'GDK_SUPER_MASK': 'super', 'GDK_META_MASK': 'meta', '0': None}
ALIASES = {'primary': 'control', 'ctrl': 'control', 'mod1': 'alt'}
# GTK defines these itself: GtkApplication's win.show-help-overlay and the primary menu button.
BUILT_IN = {'<control>question', 'f10'}
BINDING = re.compile(r'gtk_widget_class_add_binding(?:_action|_signal)?\s*\(\s*\w+\s*,\s*GDK_KEY_(\w+)\s*,'
                     r'\s*([A-Z_| 0]+?)\s*,')
KEYVAL_TRIGGER = re.compile(r'gtk_keyval_trigger_new\s*\(\s*GDK_KEY_(\w+)\s*,\s*([A-Z_| 0]+?)\s*\)')
PARSED_TRIGGER = re.compile(r'gtk_shortcut_trigger_parse_string\s*\(\s*"([^"]+)"')
ACCEL_STRING = re.compile(r'"((?:<\w+>)+\w+|F\d+)"')


def normalize(accel):
    """'<Control>q' or '<Primary><Shift>Q' → '<control><shift>q'."""
    mods = sorted(ALIASES.get(m.lower(), m.lower()) for m in re.findall(r'<(\w+)>', accel))
    key = re.sub(r'(<\w+>)+', '', accel).strip()
    key = key.lower()
    return ''.join(f'<{m}>' for m in mods) + key


def defined(root):
    found = {}
    for directory, _, files in os.walk(os.path.join(root, 'src')):
        for name in files:
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, root)
            with open(path, encoding='utf-8') as f:
                text = f.read()
            if name.endswith('.c'):
                for key, mask in BINDING.findall(text) + KEYVAL_TRIGGER.findall(text):
                    mods = [MASKS.get(m.strip(), m.strip()) for m in mask.split('|')]
                    accel = ''.join(f'<{m}>' for m in mods if m) + key
                    found.setdefault(normalize(accel), rel)
                for trigger in PARSED_TRIGGER.findall(text):
                    for accel in trigger.split('|'):
                        found.setdefault(normalize(accel.strip()), rel)
                # The arrays for gtk_application_set_accels_for_action ().
                if 'set_accels_for_action' in text:
                    for accel in ACCEL_STRING.findall(text):
                        found.setdefault(normalize(accel), rel)
            elif name.endswith('.ui'):
                for match in re.finditer(r'<property name="(?:trigger|accelerator)">([^<]+)</property>', text):
                    for accel in match.group(1).split('|'):
                        accel = accel.replace('&lt;', '<').replace('&gt;', '>').strip()
                        if accel and accel != 'never':
                            found.setdefault(normalize(accel), rel)
    return found


def listed(root):
    tree = ET.parse(os.path.join(root, 'data', 'gtk', 'help-overlay.ui'))
    out = {}
    for obj in tree.iter('object'):
        if obj.get('class') != 'GtkShortcutsShortcut':
            continue
        props = {p.get('name'): (p.text or '') for p in obj.iter('property')}
        for accel in props.get('accelerator', '').split():
            out[normalize(accel)] = props.get('title', '')
    return out


def main():
    root = sys.argv[1]
    have = defined(root)
    shown = listed(root)
    checks = []
    for accel, where in sorted(have.items()):
        checks.append((f'{accel} ({where}) is in the shortcuts window', accel in shown))
    for accel in sorted(BUILT_IN):
        checks.append((f'{accel} (GTK) is in the shortcuts window', accel in shown))
    for accel, title in sorted(shown.items()):
        checks.append((f'the shortcuts window\'s {accel} ("{title}") exists',
                       accel in have or accel in BUILT_IN))
    print(f'1..{len(checks)}')
    failed = 0
    for i, (what, ok) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {what}')
        failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
