#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-diagnosis.py: `feedboard-cli check` against real servers that refuse in every way a
# user meets: the sim's AWS IoT gateway with a skewed clock, a wrong region, a wrong secret, an
# unknown key and an expired session token; nothing listening; a TLS server with a certificate
# nobody trusts; a Mosquitto that wants a password and one whose access list forbids a topic.
# Each must exit 1 with the cause in words, and no secret may appear in what it prints. TAP.
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap, wait_until  # noqa: E402

cli = sys.argv[1]
tap = Tap()


def check(sim_or_env, *args, **env):
    base = sim_or_env.env(**env) if isinstance(sim_or_env, Sim) else dict(os.environ, **env)
    base['XDG_STATE_HOME'] = base['XDG_CONFIG_HOME'] = STATE
    return subprocess.run([cli, 'check'] + list(args), env=base, capture_output=True, text=True, timeout=60)


def expect(what, result, *words, secrets=()):
    text = result.stdout + result.stderr
    ok = result.returncode == 1 and all(w in text for w in words)
    ok = ok and not any(s and s in text for s in secrets)
    tap.check(what, ok, (result.returncode, text))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def cognito(sim, target, body):
    request = urllib.request.Request(sim.vars['AWS_ENDPOINT_URL_COGNITO_IDENTITY'] + '/', data=json.dumps(body).encode(),
                                     headers={'Content-Type': 'application/x-amz-json-1.1',
                                              'X-Amz-Target': 'AWSCognitoIdentityService.' + target})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def aws_cases():
    with Sim(orders=False) as sim:
        endpoint = ['--endpoint', sim.vars['IOT_ENDPOINT']]
        secret = sim.vars['AWS_SECRET_ACCESS_KEY']
        good = check(sim, *endpoint, '--region', 'us-east-1')
        tap.check('aws: the right credentials connect and subscribe', good.returncode == 0
                  and 'subscribed' in good.stdout, (good.returncode, good.stdout + good.stderr))
        expect('aws: wrong region named', check(sim, *endpoint, '--region', 'eu-west-1'),
               'region', 'eu-west-1', secrets=[secret])
        expect('aws: wrong secret named', check(sim, *endpoint, '--region', 'us-east-1',
                                                AWS_SECRET_ACCESS_KEY=secret[:-1] + ('A' if secret[-1] != 'A' else 'B')),
               'secret access key does not match', secrets=[secret])
        expect('aws: unknown key named', check(sim, *endpoint, '--region', 'us-east-1',
                                               AWS_ACCESS_KEY_ID='AKIAUNKNOWNKEY000042'),
               'does not recognize the access key …0042', secrets=[secret])
        expect('aws: nothing listening', check(sim, '--endpoint', f'ws://127.0.0.1:{free_port()}', '--region', 'us-east-1'),
               'Nothing is listening', 'connection refused')

    # An IoT policy without iot:Connect for one client id, and without iot:Subscribe for a topic.
    with Sim('--deny-client-id=feedboard-not-allowed', '--deny-subscribe=cat-feeder/states', orders=False) as sim:
        endpoint = ['--endpoint', sim.vars['IOT_ENDPOINT'], '--region', 'us-east-1']
        expect('aws: client id the policy refuses is named',
               check(sim, *endpoint, '--client-id', 'feedboard-not-allowed'),
               'does not let them connect as client id “feedboard-not-allowed”', 'iot:Connect')
        expect('aws: topic the policy refuses is named', check(sim, *endpoint),
               'does not allow subscribing to “cat-feeder/states”', 'iot:Subscribe')
        allowed = check(sim, *endpoint, '--topic', 'orders/events/#')
        tap.check('aws: allowed topic subscribes', allowed.returncode == 0, (allowed.returncode, allowed.stderr))

    # Credentials whose session token ran out: Cognito guest credentials with a 2 s lifetime,
    # used as plain environment credentials (so nothing refreshes them).
    with Sim('--credential-lifetime=2', orders=False) as sim:
        identity = cognito(sim, 'GetId', {'IdentityPoolId': sim.vars['IDENTITY_POOL_ID']})['IdentityId']
        creds = cognito(sim, 'GetCredentialsForIdentity', {'IdentityId': identity})['Credentials']
        # Expired once the second after the stated Expiration (whole seconds) is over.
        time.sleep(max(0.0, creds['Expiration'] + 1 - time.time()))
        result = check(sim, '--endpoint', sim.vars['IOT_ENDPOINT'], '--region', 'us-east-1',
                       AWS_ACCESS_KEY_ID=creds['AccessKeyId'], AWS_SECRET_ACCESS_KEY=creds['SecretKey'],
                       AWS_SESSION_TOKEN=creds['SessionToken'])
        expect('aws: expired session token named', result, 'have expired',
               secrets=[creds['SecretKey'], creds['SessionToken']])

    # AWS's clock 15 minutes ahead of ours: our clock is behind, and the words say by how much.
    with Sim('--clock-offset=900', orders=False) as sim:
        expect('aws: clock skew named with its size', check(sim, '--endpoint', sim.vars['IOT_ENDPOINT'], '--region', 'us-east-1'),
               'clock is 15 minutes behind', 'AWS says it is')
    with Sim('--clock-offset=-3600', orders=False) as sim:
        expect('aws: clock ahead named', check(sim, '--endpoint', sim.vars['IOT_ENDPOINT'], '--region', 'us-east-1'),
               'clock is 60 minutes ahead')


def tls_case(tmp):
    cert, key = os.path.join(tmp, 'cert.pem'), os.path.join(tmp, 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
                    '-keyout', key, '-out', cert], check=True, capture_output=True, timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(8)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            try:
                conn.settimeout(5)
                with context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except (OSError, ssl.SSLError):
                pass
            finally:
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        expect('tls: untrusted certificate named (AWS IoT endpoint)',
               check(os.environ, '--endpoint', f'wss://127.0.0.1:{port}', '--region', 'us-east-1',
                     AWS_ACCESS_KEY_ID='AKIAEXAMPLEEXAMPLE01', AWS_SECRET_ACCESS_KEY='x' * 40,
                     AWS_CONFIG_FILE='/dev/null', AWS_SHARED_CREDENTIALS_FILE='/dev/null'),
               'certificate of 127.0.0.1 is not trusted', 'authority')
        expect('tls: untrusted certificate named (broker)', check(os.environ, '--broker', f'mqtts://127.0.0.1:{port}'),
               'certificate of 127.0.0.1 is not trusted', 'CA file')
    finally:
        stop.set()
        thread.join(5)
        server.close()


def mosquitto_cases(tmp):
    password = 'pw-' + os.urandom(6).hex()
    pwfile, aclfile, conf = (os.path.join(tmp, n) for n in ('passwd', 'acl', 'mosquitto.conf'))
    subprocess.run(['mosquitto_passwd', '-b', '-c', pwfile, 'reader', password], check=True, capture_output=True)
    os.chmod(pwfile, 0o600)
    with open(aclfile, 'w') as f:
        f.write('user reader\ntopic read orders/#\n')
    port = free_port()
    with open(conf, 'w') as f:
        f.write(f'listener {port} 127.0.0.1\nallow_anonymous false\npassword_file {pwfile}\nacl_file {aclfile}\n'
                'persistence false\nlog_dest none\n')
        # As root, Mosquitto would switch to its own user, which cannot read this private directory.
        if os.geteuid() == 0:
            f.write('user root\n')
    broker = subprocess.Popen([shutil.which('mosquitto') or '/usr/sbin/mosquitto', '-c', conf],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def accepts():
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                return True
            except OSError:
                return False
        wait_until(accepts, 10, f'mosquitto on port {port}', interval=0.05)
        url = f'mqtt://127.0.0.1:{port}'
        expect('broker: anonymous client not let in', check(os.environ, '--broker', url),
               'does not let this client in without a user name and password')
        expect('broker: wrong password named', check(os.environ, '--broker', url, '--username', 'reader',
                                                     FEEDBOARD_MQTT_PASSWORD='wrong'),
               'did not accept this user name with this password', secrets=[password])
        # Mosquitto 2.0 grants a subscription its access list forbids and then delivers nothing,
        # so a refused SUBACK is checked against the sim's IoT policy above instead.
        allowed = check(os.environ, '--broker', url, '--username', 'reader', '--topic', 'orders/events/#',
                        FEEDBOARD_MQTT_PASSWORD=password)
        tap.check('broker: allowed topic subscribes', allowed.returncode == 0 and 'subscribed' in allowed.stdout,
                  (allowed.returncode, allowed.stdout + allowed.stderr))
    finally:
        broker.terminate()
        broker.wait(timeout=10)


def main():
    global STATE
    with tempfile.TemporaryDirectory() as tmp:
        STATE = tmp
        aws_cases()
        tls_case(tmp)
        mosquitto_cases(tmp)
    return tap.finish()


sys.exit(main())
