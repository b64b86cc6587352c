#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-install.py: `meson install` into a temporary DESTDIR puts every file where GNOME looks.

Usage: check-install.py MESON BUILD_DIR APP_ID LINGUAS_FILE

`meson test` only builds what tests depend on, so this lets `meson install` build the rest
(e.g. the .mo files) before installing; nothing else in the suite runs ninja.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from fbtest import Tap


def main():
    meson, build_dir, app_id, linguas_file = sys.argv[1:5]
    with open(linguas_file, encoding='utf-8') as f:
        languages = [w for line in f if not line.startswith('#') for w in line.split()]

    destdir = tempfile.mkdtemp(prefix='fb-install-')
    try:
        run = subprocess.run([meson, 'install', '-C', build_dir, '--quiet',
                              '--destdir', destdir],
                             capture_output=True, text=True, timeout=120)
        installed = set()
        for dirpath, _, filenames in os.walk(destdir):
            for name in filenames:
                installed.add(os.path.relpath(os.path.join(dirpath, name), destdir))

        def present(suffix):
            return any(p.endswith(suffix) for p in installed)

        def executable(suffix):
            return any(p.endswith(suffix) and os.access(os.path.join(destdir, p), os.X_OK)
                       for p in installed)

        tap = Tap()
        checks = [
            ('meson install succeeds', run.returncode == 0, (run.stdout + run.stderr)[-2000:]),
            ('bin/feedboard is installed and executable', executable('/bin/feedboard'), None),
            ('bin/feedboard-cli is installed and executable', executable('/bin/feedboard-cli'), None),
            ('libexec/feedboard-sim (for --demo) is installed and executable',
             executable('/libexec/feedboard-sim'), None),
            ('the desktop file is in share/applications',
             present(f'/share/applications/{app_id}.desktop'), None),
            ('the metainfo is in share/metainfo', present(f'/share/metainfo/{app_id}.metainfo.xml'), None),
            ('the scalable icon is in the hicolor theme',
             present(f'/share/icons/hicolor/scalable/apps/{app_id}.svg'), None),
            ('the symbolic icon is in the hicolor theme',
             present(f'/share/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg'), None),
            ('the GSettings schema is in share/glib-2.0/schemas',
             present(f'/share/glib-2.0/schemas/{app_id}.gschema.xml'), None),
        ]
        # The installed files must point at each other: Exec, Icon and the launchable.
        desktop = os.path.join(destdir, next((p for p in installed
                                              if p.endswith(f'/{app_id}.desktop')), ''))
        entries = {}
        if os.path.isfile(desktop):
            with open(desktop, encoding='utf-8') as f:
                for line in f:
                    key, sep, value = line.strip().partition('=')
                    if sep and key not in entries:
                        entries[key] = value
        exec_name = entries.get('Exec', '').split(' ')[0]
        checks.append(('the desktop file runs an installed binary',
                       exec_name and executable(f'/bin/{exec_name}'), entries.get('Exec')))
        checks.append(('the desktop file names the installed icon',
                       entries.get('Icon') == app_id, entries.get('Icon')))
        metainfo = next((p for p in installed if p.endswith(f'/{app_id}.metainfo.xml')), None)
        launchable = ''
        if metainfo:
            with open(os.path.join(destdir, metainfo), encoding='utf-8') as f:
                launchable = f.read()
        checks.append(('the metainfo launches the installed desktop file',
                       f'<launchable type="desktop-id">{app_id}.desktop</launchable>' in launchable,
                       None))
        for lang in languages:
            checks.append((f'the {lang} translation is installed',
                           present(f'/share/locale/{lang}/LC_MESSAGES/feedboard.mo'), None))

        for what, passed, detail in checks:
            tap.check(what, passed, detail)
        status = tap.finish()
        if status:
            print('# installed: ' + ', '.join(sorted(installed)))
        return status
    finally:
        shutil.rmtree(destdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
