#!/usr/bin/env python3
# make-presign-vectors.py: computes AWS IoT presigned URLs straight from the SigV4 spec with
# hmac/hashlib, independently of Feedboard's C signer. Run once; its output is committed as
# presign-vectors.json and checked by tests/cli/test-cli-presign.py against `feedboard-cli presign`.
import datetime
import hashlib
import hmac
import json
import urllib.parse


def enc(s):
    return urllib.parse.quote(s, safe="-_.~")


def hm(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def presign(case):
    t = datetime.datetime.strptime(case["time"], "%Y-%m-%dT%H:%M:%SZ")
    amz_date = t.strftime("%Y%m%dT%H%M%SZ")
    day = t.strftime("%Y%m%d")
    scope = f"{day}/{case['region']}/iotdevicegateway/aws4_request"
    params = {
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Credential": f"{case['access_key_id']}/{scope}",
        "X-Amz-Date": amz_date,
        "X-Amz-SignedHeaders": "host",
    }
    if case.get("expires"):
        params["X-Amz-Expires"] = str(case["expires"])
    canonical_query = "&".join(f"{enc(k)}={enc(v)}" for k, v in sorted(params.items()))
    canonical_request = "\n".join([
        "GET", "/mqtt", canonical_query,
        f"host:{case['host_header']}", "", "host",
        hashlib.sha256(b"").hexdigest(),
    ])
    string_to_sign = "\n".join([
        "AWS4-HMAC-SHA256", amz_date, scope,
        hashlib.sha256(canonical_request.encode()).hexdigest(),
    ])
    key = hm(("AWS4" + case["secret_access_key"]).encode(), day)
    key = hm(key, case["region"])
    key = hm(key, "iotdevicegateway")
    key = hm(key, "aws4_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return signature, canonical_query


CASES = [
    {"name": "static-keys", "endpoint": "abc123xyz-ats.iot.us-east-1.amazonaws.com",
     "url_base": "wss://abc123xyz-ats.iot.us-east-1.amazonaws.com/mqtt",
     "host_header": "abc123xyz-ats.iot.us-east-1.amazonaws.com:443", "pass_host_header": False,
     "region": "us-east-1", "time": "2026-01-02T03:04:05Z",
     "access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
    {"name": "session-token", "endpoint": "a1b2c3d4e5f6g7-ats.iot.ap-southeast-2.amazonaws.com",
     "url_base": "wss://a1b2c3d4e5f6g7-ats.iot.ap-southeast-2.amazonaws.com/mqtt",
     "host_header": "a1b2c3d4e5f6g7-ats.iot.ap-southeast-2.amazonaws.com:443", "pass_host_header": False,
     "region": "ap-southeast-2", "time": "2026-11-23T22:59:59Z",
     "access_key_id": "ASIAEXAMPLETEMPKEY01", "secret_access_key": "tEmP/Secret+Key/With/Slashes=",
     "session_token": "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with+plus=="},
    {"name": "expires", "endpoint": "abc123xyz-ats.iot.eu-west-1.amazonaws.com",
     "url_base": "wss://abc123xyz-ats.iot.eu-west-1.amazonaws.com/mqtt",
     "host_header": "abc123xyz-ats.iot.eu-west-1.amazonaws.com:443", "pass_host_header": False,
     "region": "eu-west-1", "time": "2026-06-30T12:00:00Z", "expires": 86400,
     "access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
    {"name": "token-and-expires", "endpoint": "abc123xyz-ats.iot.us-west-2.amazonaws.com",
     "url_base": "wss://abc123xyz-ats.iot.us-west-2.amazonaws.com/mqtt",
     "host_header": "abc123xyz-ats.iot.us-west-2.amazonaws.com:443", "pass_host_header": False,
     "region": "us-west-2", "time": "2026-02-28T23:59:30Z", "expires": 300,
     "access_key_id": "ASIAEXAMPLETEMPKEY02", "secret_access_key": "anotherSecret",
     "session_token": "FwoGZXIvYXdzEXAMPLE token with spaces&and=signs"},
    {"name": "host-header-without-port", "endpoint": "abc123xyz-ats.iot.us-east-1.amazonaws.com",
     "url_base": "wss://abc123xyz-ats.iot.us-east-1.amazonaws.com/mqtt",
     "host_header": "abc123xyz-ats.iot.us-east-1.amazonaws.com", "pass_host_header": True,
     "region": "us-east-1", "time": "2026-01-02T03:04:05Z",
     "access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
    {"name": "loopback-sim", "endpoint": "ws://127.0.0.1:38021",
     "url_base": "ws://127.0.0.1:38021/mqtt",
     "host_header": "127.0.0.1:38021", "pass_host_header": False,
     "region": "us-east-1", "time": "2026-11-23T10:00:00Z",
     "access_key_id": "AKIAFEEDBOARDSIM0001", "secret_access_key": "feedboard-sim-secret"},
]

for case in CASES:
    signature, canonical_query = presign(case)
    # URL parameter order does not matter to AWS; use the signer's documented order.
    query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
    query += "&X-Amz-Credential=" + enc(f"{case['access_key_id']}/{case['time'][:10].replace('-', '')}/{case['region']}/iotdevicegateway/aws4_request")
    query += "&X-Amz-Date=" + case["time"].replace("-", "").replace(":", "")
    query += "&X-Amz-SignedHeaders=host"
    if case.get("expires"):
        query += f"&X-Amz-Expires={case['expires']}"
    query += "&X-Amz-Signature=" + signature
    if case.get("session_token"):
        query += "&X-Amz-Security-Token=" + enc(case["session_token"])
    case["expected_url"] = case["url_base"] + "?" + query
    case["expected_signature"] = signature

print(json.dumps(CASES, indent=2))
