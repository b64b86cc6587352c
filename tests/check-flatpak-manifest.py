#!/usr/bin/python3
"""check-flatpak-manifest.py: the Flatpak manifest parses and builds what the Meson build expects.

It cannot be built here (no runtime downloads), so this checks what would break it: the app id
and command the Meson build installs, the runtime, Paho pinned by checksum with SSL, the app
module built by Meson from this tree, and a sandbox without needless holes.

Usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND
"""
import json
import re
import sys

FORBIDDEN_ARGS = {
    '--filesystem=home', '--filesystem=host', '--filesystem=host-os', '--filesystem=~/.aws',
    '--talk-name=org.freedesktop.secrets', '--socket=session-bus', '--socket=system-bus',
    '--device=all', '--share=network:ro',
}


def main():
    manifest_path, app_id, command = sys.argv[1:4]
    results = []

    def check(what, passed, detail=''):
        results.append((what, bool(passed), detail))

    try:
        with open(manifest_path, encoding='utf-8') as f:
            m = json.load(f)
        check('the manifest is valid JSON', True)
    except (OSError, ValueError) as e:
        check('the manifest is valid JSON', False, str(e))
        m = {}

    check(f'the app id is {app_id}', m.get('id', m.get('app-id')) == app_id,
          m.get('id', m.get('app-id')))
    check(f'the command is the installed binary {command}', m.get('command') == command,
          m.get('command'))
    check('the runtime is org.gnome.Platform with org.gnome.Sdk',
          m.get('runtime') == 'org.gnome.Platform' and m.get('sdk') == 'org.gnome.Sdk')
    rv = str(m.get('runtime-version', ''))
    check('the runtime version is a GNOME release >= 47',
          re.fullmatch(r'\d+', rv) is not None and int(rv) >= 47, rv)

    args = m.get('finish-args', [])
    for needed in ('--share=network', '--socket=wayland', '--socket=fallback-x11', '--device=dri'):
        check(f'finish-args has {needed}', needed in args)
    bad = [a for a in args if a in FORBIDDEN_ARGS or a.startswith('--filesystem=')]
    check('finish-args open no files, host or secrets service', not bad, bad)

    modules = m.get('modules', [])
    modules = [mod for mod in modules if isinstance(mod, dict)]
    app = modules[-1] if modules else {}
    check('the last module is the app, built with meson',
          app.get('name') == 'feedboard' and app.get('buildsystem') == 'meson', app.get('name'))
    srcs = app.get('sources', [])
    check('the app is built from this source tree',
          any(s.get('type') == 'dir' and s.get('path') == '..' for s in srcs), srcs)

    paho = [mod for mod in modules if 'paho' in mod.get('name', '')]
    check('Paho MQTT C is a module', len(paho) == 1)
    if paho:
        p = paho[0]
        archives = [s for s in p.get('sources', []) if s.get('type') == 'archive']
        check('Paho comes from a pinned release archive with a sha256',
              len(archives) == 1
              and re.search(r'/paho\.mqtt\.c/archive/refs/tags/v\d+\.\d+\.\d+\.tar\.gz$',
                            archives[0].get('url', ''))
              and re.fullmatch(r'[0-9a-f]{64}', archives[0].get('sha256', '')),
              archives)
        opts = p.get('config-opts', [])
        check('Paho is built with SSL (the app needs libpaho-mqtt3as)',
              '-DPAHO_WITH_SSL=ON' in opts or '-DPAHO_WITH_SSL=TRUE' in opts, opts)
        check('Paho is built with cmake', p.get('buildsystem') in ('cmake', 'cmake-ninja'))
        check('Paho comes before the app', modules.index(p) < len(modules) - 1)

    print(f'1..{len(results)}')
    ok = True
    for i, (what, passed, detail) in enumerate(results, 1):
        print(f'{"ok" if passed else "not ok"} {i} - {what}')
        if not passed:
            print(f'# got: {detail!r}')
            ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
