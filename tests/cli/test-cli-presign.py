#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-presign.py: `feedboard-cli presign` against URLs computed independently
# (tests/data/make-presign-vectors.py, hmac/hashlib from the spec). Prints TAP.
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Tap  # noqa: E402

cli = sys.argv[1]
vectors_path = sys.argv[2]
vectors = json.load(open(vectors_path))
tap = Tap()
check = tap.check


def run(args, env_extra, home):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "LANG": "C.UTF-8"}
    env.update(env_extra)
    return subprocess.run([cli, "presign"] + args, env=env, capture_output=True, text=True, timeout=30)


with tempfile.TemporaryDirectory() as home:
    for v in vectors:
        args = ["--endpoint", v["endpoint"], "--region", v["region"], "--time", v["time"]]
        if v.get("expires"):
            args += ["--expires", str(v["expires"])]
        if v["pass_host_header"]:
            args += ["--host-header", v["host_header"]]
        env = {"AWS_ACCESS_KEY_ID": v["access_key_id"], "AWS_SECRET_ACCESS_KEY": v["secret_access_key"]}
        if v.get("session_token"):
            env["AWS_SESSION_TOKEN"] = v["session_token"]
        p = run(args, env, home)
        check(f"env/{v['name']}", p.returncode == 0 and p.stdout == v["expected_url"] + "\n",
              f"rc={p.returncode}\nstdout={p.stdout!r}\nexpected={v['expected_url']!r}\nstderr={p.stderr!r}")

    # The same credentials through a named profile in the shared credentials file.
    v = vectors[1]
    os.makedirs(os.path.join(home, ".aws"), exist_ok=True)
    with open(os.path.join(home, ".aws", "credentials"), "w") as f:
        f.write("[default]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n\n"
                f"[feeder]\naws_access_key_id = {v['access_key_id']}\n"
                f"aws_secret_access_key = {v['secret_access_key']}\n"
                f"aws_session_token = {v['session_token']}\n")
    p = run(["--endpoint", v["endpoint"], "--region", v["region"], "--time", v["time"], "--profile", "feeder"], {}, home)
    check("profile/session-token", p.returncode == 0 and p.stdout == v["expected_url"] + "\n",
          f"rc={p.returncode} stdout={p.stdout!r} stderr={p.stderr!r}")

    # Errors: stderr, non-zero exit, nothing on stdout.
    creds = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}
    for name, args, env in [
        ("error/no-endpoint", ["--region", "us-east-1"], creds),
        ("error/insecure-remote", ["--endpoint", "ws://example.com:80", "--region", "us-east-1"], creds),
        ("error/bad-time", ["--endpoint", "a-ats.iot.us-east-1.amazonaws.com", "--region", "us-east-1", "--time", "yesterday"], creds),
        ("error/no-credentials", ["--endpoint", "a-ats.iot.us-east-1.amazonaws.com", "--region", "us-east-1", "--profile", "missing"], {}),
    ]:
        p = run(args, env, home)
        check(name, p.returncode != 0 and p.stdout == "" and p.stderr.strip() != "",
              f"rc={p.returncode} stdout={p.stdout!r} stderr={p.stderr!r}")

    # A malformed credentials file is named, with its line, and no secret is printed.
    with open(os.path.join(home, ".aws", "credentials"), "w") as f:
        f.write("[default]\naws_access_key_id = AKID\nthis line is broken\n")
    p = run(["--endpoint", "a-ats.iot.us-east-1.amazonaws.com", "--region", "us-east-1"], {}, home)
    check("error/malformed-file", p.returncode != 0 and "credentials, line 3" in p.stderr,
          f"rc={p.returncode} stderr={p.stderr!r}")

sys.exit(tap.finish())
