#!/usr/bin/python3
"""check-version.py: `feedboard --version`, `feedboard-cli --version` and the newest release in
the metainfo all say meson.build's version (which the About dialog shows through fb_version ()).

Usage: check-version.py VERSION FEEDBOARD FEEDBOARD_CLI METAINFO
"""
import subprocess
import sys
import xml.etree.ElementTree as ET


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

    print(f'1..{len(checks)}')
    ok = True
    for i, (what, passed, got) in enumerate(checks, 1):
        print(f'{"ok" if passed else "not ok"} {i} - {what}')
        if not passed:
            print(f'# got: {got!r}')
            ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
