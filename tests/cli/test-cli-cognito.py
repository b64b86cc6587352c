#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-cognito.py: --identity-pool-id as the credentials source of feedboard-cli against the
# sim's Cognito stand-in: presign signs with the guest key and its token, check connects and
# subscribes, feed is accepted by EventBridge; the IdentityId is kept (0600) and reused, and a
# malformed pool id is refused in words. Prints TAP.
import os
import re
import stat
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap  # noqa: E402

cli = sys.argv[1]
tap = Tap()


def run(sim, state, *args):
    # No static keys in the environment: the pool is the only source.
    env = sim.env(XDG_STATE_HOME=state, XDG_CONFIG_HOME=state)
    for key in ('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'):
        env.pop(key, None)
    return subprocess.run([cli] + list(args), env=env, capture_output=True, text=True, timeout=60)


def main():
    with Sim(orders=False) as sim, tempfile.TemporaryDirectory() as state:
        pool = ['--identity-pool-id', sim.vars['IDENTITY_POOL_ID']]
        endpoint = ['--endpoint', sim.vars['IOT_ENDPOINT'], '--region', 'us-east-1']

        presigned = run(sim, state, 'presign', *endpoint, *pool)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(presigned.stdout.strip()).query)
        tap.check('presign signs with guest credentials and their token',
                  presigned.returncode == 0 and query.get('X-Amz-Credential', [''])[0].startswith('ASIA')
                  and 'X-Amz-Security-Token' in query, presigned.stdout + presigned.stderr)

        cache = os.path.join(state, 'feedboard', 'cognito-identities.ini')
        with open(cache) as f:
            first = f.read()
        tap.check('the IdentityId is kept, readable by its owner only',
                  re.search(r'identity-id=us-east-1:[0-9a-f-]{36}', first) is not None
                  and stat.S_IMODE(os.stat(cache).st_mode) == 0o600, first)

        checked = run(sim, state, 'check', *endpoint, *pool)
        tap.check('check connects and subscribes with guest credentials',
                  checked.returncode == 0 and 'subscribed' in checked.stdout, checked.stdout + checked.stderr)
        with open(cache) as f:
            tap.check('a second run reuses the IdentityId', f.read() == first)

        fed = run(sim, state, 'feed', 'left', *pool)
        tap.check('feed through EventBridge is accepted with guest credentials',
                  fed.returncode == 0 and 'EventId' in fed.stdout + fed.stderr, fed.stdout + fed.stderr)

        bad = run(sim, state, 'presign', *endpoint, '--identity-pool-id', 'us-east-1')
        tap.check('a malformed pool id is refused in words',
                  bad.returncode != 0 and 'is not an identity pool id' in bad.stderr, bad.stderr)
    return tap.finish()


sys.exit(main())
