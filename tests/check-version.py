#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-version.py: `feedboard --version`, `feedboard-cli --version` and the newest release in
the metainfo all say meson.build's version (which the About dialog shows through fb_version ()).

Usage: check-version.py VERSION FEEDBOARD FEEDBOARD_CLI METAINFO
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

from fbtest import Tap


def main():
    version, app, cli, metainfo = sys.argv[1:5]
    checks = []

    for name, exe in (('feedboard', app), ('feedboard-cli', cli)):
        out = subprocess.run([exe, '--version'], capture_output=True, text=True, timeout=20)
        got = out.stdout.strip()
        checks.append((f'{name} --version prints "{name} {version}"',
                       out.returncode == 0 and got == f'{name} {version}', got))

    releases = ET.parse(metainfo).getroot().findall('./releases/release')
    newest = releases[0].get('version') if releases else None
    checks.append((f'the newest metainfo release is {version}', newest == version, newest))

    tap = Tap()
    for what, passed, got in checks:
        tap.check(what, passed, got)
    return tap.finish()

if __name__ == '__main__':
    sys.exit(main())
