#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-potfiles.py: fails when a file with translatable strings is missing from po/POTFILES.in,
or when POTFILES.in lists a file that does not exist (xgettext would fail on it).

Usage: check-potfiles.py SOURCE_ROOT
"""
import os
import re
import sys

from fbtest import Tap

# Directories that never hold shipped strings.
SKIP_DIRS = {'.git', 'po', 'tests', 'bench', 'subprojects', '.flatpak-builder', 'build-dir'}

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2?|ngettext)\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.IGNORECASE)
XML_LEGACY_MARK = re.compile(r'<_[A-Za-z]')
DESKTOP_KEYS = re.compile(r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)\s*=', re.MULTILINE)
SCHEMA_MARK = re.compile(r'<(?:summary|description)\b|l10n\s*=')


def is_build_dir(path):
    return os.path.exists(os.path.join(path, 'meson-private')) or \
        os.path.exists(os.path.join(path, 'build.ninja'))


def has_translatable_strings(path):
    name = os.path.basename(path)
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        # Comments mention _() too; drop them before looking.
        text = re.sub(r'/\*.*?\*/', '', text, flags=re.DOTALL)
        text = re.sub(r'//[^\n]*', '', text)
        return C_MARK.search(text) is not None
    if name.endswith(('.ui', '.blp')):
        return UI_MARK.search(text) is not None or '_("' in text
    if name.endswith(('.desktop.in', '.desktop')):
        return DESKTOP_KEYS.search(text) is not None
    if name.endswith(('.metainfo.xml.in', '.appdata.xml.in')):
        # itstool translates name, summary and description of every component.
        return True
    if name.endswith('.gschema.xml'):
        return 'gettext-domain' in text and SCHEMA_MARK.search(text) is not None
    if name.endswith(('.xml', '.xml.in')):
        return XML_LEGACY_MARK.search(text) is not None or UI_MARK.search(text) is not None
    return False


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else '.')
    potfiles_path = os.path.join(root, 'po', 'POTFILES.in')
    listed = set()
    with open(potfiles_path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.add(line)

    skipped = set()
    skip_path = os.path.join(root, 'po', 'POTFILES.skip')
    if os.path.exists(skip_path):
        with open(skip_path, encoding='utf-8') as f:
            skipped = {l.strip() for l in f if l.strip() and not l.startswith('#')}

    failures = []
    for entry in sorted(listed):
        if not os.path.isfile(os.path.join(root, entry)):
            failures.append(f'po/POTFILES.in lists {entry}, which does not exist')

    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.startswith('_build')
                             and not is_build_dir(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if has_translatable_strings(os.path.join(dirpath, name)):
                found.append(rel)
                if rel not in listed and rel not in skipped:
                    failures.append(f'{rel} has translatable strings but is missing from po/POTFILES.in')

    tap = Tap()
    if not failures:
        tap.diag(f'{len(found)} files with translatable strings, all listed')
    tap.check('po/POTFILES.in is complete', not failures, '\n'.join(failures))
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
