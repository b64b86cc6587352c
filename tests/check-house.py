#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-house.py: the house habits a compiler does not check. Every source file says its licence
in an SPDX line near its top, the same licence as meson.build's project(), the metainfo's
project_license and the COPYING file; every .c of the app, the CLI, the sim and the benchmarks
defines G_LOG_DOMAIN before its first #include, so a message names where it came from.

Usage: check-house.py SOURCE_ROOT
"""
import os
import re
import subprocess
import sys

from fbtest import Tap

SPDX_ID = 'GPL-3.0-or-later'
SPDX = re.compile(r'SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+)')
SUFFIXES = ('.c', '.h', '.py', '.ui', '.css', '.sh', '.xml', '.xml.in', '.desktop.in')
NAMES = ('meson.build', 'meson_options.txt', 'meson.options')
# Scripts without a suffix (build-aux/*, .ci/run) and the data a test reads are told apart by place.
SCRIPT_DIRS = ('build-aux/', '.ci/')
DATA_DIRS = ('tests/data/', 'tests/fuzz/corpus/', 'tests/fuzz/dict')
# The metainfo's metadata is CC0 (AppStream asks for a permissive metadata licence).
OWN_LICENCE = {'data/io.github.feedboard.Feedboard.metainfo.xml.in': 'CC0-1.0'}


def tracked(root):
    try:
        out = subprocess.run(['git', '-C', root, 'ls-files'], capture_output=True, text=True)
    except FileNotFoundError:
        out = None  # no git at all (build-aux/test-newer-stack's root): as a tarball
    if out is not None and out.returncode == 0 and out.stdout.strip():
        return out.stdout.split('\n')
    files = []  # a tarball without .git
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(('_build', '.git'))]
        files += [os.path.relpath(os.path.join(dirpath, n), root) for n in names]
    return files


def source_files(root):
    for rel in sorted(tracked(root)):
        if not rel or rel.startswith(DATA_DIRS) or not os.path.isfile(os.path.join(root, rel)):
            continue
        base = os.path.basename(rel)
        if rel.endswith(SUFFIXES) or base in NAMES:
            yield rel
        elif rel.startswith(SCRIPT_DIRS) and '.' not in base:
            yield rel


def comment_style(rel, text):
    if rel.endswith(('.c', '.h', '.css')):
        return 'c'
    if rel.endswith(('.ui', '.xml', '.xml.in')):
        return 'xml'
    return 'hash'


def has_spdx(text):
    return SPDX.search('\n'.join(text.split('\n')[:4])) is not None


def needs_log_domain(rel):
    return rel.endswith('.c') and rel.startswith(('src/', 'sim/', 'bench/'))


def log_domain_for(rel):
    base = os.path.basename(rel)[:-2]
    if base == 'main':
        return {'src/gui': 'feedboard', 'src/cli': 'feedboard-cli', 'sim': 'feedboard-sim'}.get(
            os.path.dirname(rel), 'feedboard-' + os.path.basename(os.path.dirname(rel)))
    return base if base.startswith('fb-') else os.path.basename(os.path.dirname(rel)) + '-' + base


def main():
    root = sys.argv[1]
    tap = Tap()
    files = list(source_files(root))
    tap.check('the source files are found (%d)' % len(files), len(files) > 100)

    wrong = []
    for rel in files:
        with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
            head = '\n'.join(f.read().split('\n')[:4])
        m = SPDX.search(head)
        want = OWN_LICENCE.get(rel, SPDX_ID)
        if not m or m.group(1) != want:
            wrong.append('%s: %s' % (rel, m.group(1) if m else 'no SPDX line in its first 4 lines'))
    tap.check('every source file says its licence, ' + SPDX_ID, not wrong, wrong)

    with open(os.path.join(root, 'meson.build'), encoding='utf-8') as f:
        meson = re.search(r"license\s*:\s*'([^']+)'", f.read())
    tap.check("meson.build's project() licence is " + SPDX_ID, meson and meson.group(1) == SPDX_ID)
    with open(os.path.join(root, 'data', 'io.github.feedboard.Feedboard.metainfo.xml.in'), encoding='utf-8') as f:
        project = re.search(r'<project_license>([^<]+)</project_license>', f.read())
    tap.check("the metainfo's project_license is " + SPDX_ID, project and project.group(1) == SPDX_ID)
    copying = os.path.join(root, 'COPYING')
    text = open(copying, encoding='utf-8').read() if os.path.exists(copying) else ''
    tap.check('COPYING holds the GPL, version 3', 'GNU GENERAL PUBLIC LICENSE' in text and 'Version 3' in text)

    missing = []
    for rel in files:
        if not needs_log_domain(rel):
            continue
        with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
            text = f.read()
        define = re.search(r'^\s*#\s*define\s+G_LOG_DOMAIN\b', text, re.MULTILINE)
        include = re.search(r'^\s*#\s*include\b', text, re.MULTILINE)
        if not define or (include and include.start() < define.start()):
            missing.append(rel)
    tap.check('every .c of the app, CLI, sim and benchmarks defines G_LOG_DOMAIN first', not missing, missing)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
