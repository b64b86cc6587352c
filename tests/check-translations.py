#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-translations.py: fails when a translatable string of the sources has no translation in
po/LANG.po (missing, untranslated or fuzzy), or when the catalog does not pass msgfmt's checks
(format strings, plural forms).

The template is made afresh with the xgettext arguments of Meson's i18n "glib" preset, from the
files listed in po/POTFILES.in, then merged with po/LANG.po as msgmerge would when the
translator updates it. Nothing in the source tree is written.

With BUILD_DIR and FEEDBOARD, also checks that the app run from the build tree (FB_BUILD_DIR set,
as ./build-aux/demo and the tests set it) speaks LANG from the catalog compiled there.

Usage: check-translations.py SOURCE_ROOT LANG [BUILD_DIR FEEDBOARD]
"""
import os
import re
import subprocess
import sys
import tempfile

KEYWORDS = ['_', 'N_', 'C_:1c,2', 'NC_:1c,2', 'g_dcgettext:2', 'g_dngettext:2,3', 'g_dpgettext2:2c,3']
FLAGS = ['N_:1:pass-c-format', 'C_:2:pass-c-format', 'NC_:2:pass-c-format', 'g_dngettext:2:pass-c-format',
         'g_strdup_printf:1:c-format', 'g_string_printf:2:c-format', 'g_string_append_printf:2:c-format',
         'g_error_new:3:c-format', 'g_set_error:4:c-format', 'g_markup_printf_escaped:1:c-format',
         'g_printerr:1:c-format', 'g_print:1:c-format']


def translation_of(po, msgid):
    with open(po, encoding='utf-8') as f:
        match = re.search(r'^msgid "' + re.escape(msgid) + r'"\nmsgstr "(.+)"$', f.read(), re.M)
    return match[1] if match else None


def locale_for(lang):
    """A locale of lang's country when one is installed (de_DE.UTF-8 for de), else C.UTF-8: glibc
    2.36 (Debian 12) honours LANGUAGE under C.UTF-8, Debian 13's glibc ignores it there."""
    names = subprocess.run(['locale', '-a'], capture_output=True, text=True, timeout=30).stdout.split()
    wanted = f'{lang}_{lang.upper()}'
    for name in names:
        if name.split('.')[0] == wanted and name.lower().endswith(('.utf8', '.utf-8')):
            return f'{wanted}.UTF-8'
    return 'C.UTF-8'


def main():
    root, lang = sys.argv[1:3]
    po = os.path.join(root, 'po', f'{lang}.po')
    checks = []
    with tempfile.TemporaryDirectory(prefix='fb-po-') as tmp:
        pot = os.path.join(tmp, 'feedboard.pot')
        merged = os.path.join(tmp, f'{lang}.po')
        with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
            files = [line.strip() for line in f if line.strip() and not line.startswith('#')]
        subprocess.run(['xgettext', '--package-name=feedboard', '--from-code=UTF-8', '--add-comments',
                        f'--directory={root}', f'--output={pot}']
                       + [f'--keyword={k}' for k in KEYWORDS] + [f'--flag={f}' for f in FLAGS] + files,
                       check=True, timeout=120)
        subprocess.run(['msgmerge', '--quiet', '--previous', f'--output-file={merged}', po, pot],
                       check=True, timeout=120)
        stats = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged],
                               capture_output=True, text=True, timeout=60)
        checks.append((f'po/{lang}.po passes msgfmt --check', stats.returncode == 0, stats.stderr))
        text = stats.stderr
        count = lambda what: int((re.search(r'(\d+) ' + what, text) or [0, 0])[1])  # noqa: E731
        translated, fuzzy, untranslated = count('translated'), count('fuzzy'), count('untranslated')
        missing = subprocess.run(['msgattrib', '--untranslated', '--no-wrap', merged],
                                 capture_output=True, text=True, timeout=60).stdout
        fuzzies = subprocess.run(['msgattrib', '--only-fuzzy', '--no-wrap', merged],
                                 capture_output=True, text=True, timeout=60).stdout
        ids = lambda out: [m for m in re.findall(r'^msgid "(.+)"$', out, re.M)]  # noqa: E731
        checks.append((f'every string has a {lang} translation ({translated} translated, '
                       f'{untranslated} untranslated)', untranslated == 0, ids(missing)))
        checks.append((f'no {lang} translation is fuzzy ({fuzzy} fuzzy)', fuzzy == 0, ids(fuzzies)))
    if len(sys.argv) > 4:
        build_dir, feedboard = sys.argv[3:5]
        expected = translation_of(po, 'Run on the local demo backend')
        env = dict(os.environ, LANGUAGE=lang, LANG=locale_for(lang), FB_BUILD_DIR=build_dir)
        for var in ('LC_ALL', 'LC_MESSAGES'):
            env.pop(var, None)
        out = subprocess.run([feedboard, '--help'], capture_output=True, text=True, env=env, timeout=60).stdout
        checks.append((f'the app run from the build tree speaks {lang} ("{expected}")',
                       expected and expected in out, out))
    print(f'1..{len(checks)}')
    failed = 0
    for i, (what, ok, detail) in enumerate(checks, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {what}')
        if not ok:
            failed += 1
            for line in (detail if isinstance(detail, list) else str(detail).splitlines())[:400]:
                print(f'# {line}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
