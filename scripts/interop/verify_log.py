#!/usr/bin/env python3
"""An independent verifier of a Jirga log, sharing no code with it.

It checks, with Python's `cryptography` package and the standard library only:
  - the log's Ed25519 signature on the checkpoint (C2SP signed-note),
  - each witness's cosignature (C2SP tlog-cosignature, type 0x04) named in the genesis policy,
  - the RFC 6962 root of all entries (from the C2SP entry bundles) against the checkpoint,
  - every statement's Ed25519 signature over "jirga/statement/v1\\n" + canonical header.

The headers hold only ASCII strings and integers, for which RFC 8785 (JCS) is exactly
json.dumps(sort_keys=True, separators=(",", ":")).

Usage: verify_log.py SERVER_URL [--log-key VKEY] [--witnessed]
Exit status 0 when everything verifies, 1 otherwise (with the reason).
"""
import base64
import hashlib
import json
import struct
import sys
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from signed_note import parse_vkey, split_note


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def mth(leaves):
    """RFC 6962 Merkle tree hash, written from the RFC's definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def main():
    args = sys.argv[1:]
    base = args[0].rstrip("/")
    deployment = json.loads(get(base + "/v1/deployment"))
    vkey = args[args.index("--log-key") + 1] if "--log-key" in args else deployment["log_key"]
    log_name, log_hash, alg, log_key = parse_vkey(vkey)
    assert alg == 1, "the log key is Ed25519 (0x01)"
    path = "/v1/checkpoint/witnessed" if "--witnessed" in args else "/checkpoint"
    note = get(base + path).decode()
    text, sigs = split_note(note)
    origin, size, root = text.splitlines()[:3]
    size, root = int(size), base64.b64decode(root)
    if origin != log_name:
        raise SystemExit(f"FAIL: checkpoint origin {origin!r} is not the log {log_name!r}")
    ok = False
    for name, key_hash, sig in sigs:
        if name == log_name and key_hash == log_hash:
            log_key.verify(sig, text.encode())
            ok = True
    if not ok:
        raise SystemExit("FAIL: the checkpoint is not signed by the log key")

    policy = deployment["genesis"].get("witness_policy", {"witnesses": [], "quorum": 0})
    cosigned = 0
    for w in policy["witnesses"]:
        name, key_hash, alg, key = parse_vkey(w["key"])
        assert alg == 4, "witness keys are cosignature/v1 (0x04)"
        for sname, shash, sig in sigs:
            if sname == name and shash == key_hash:
                (timestamp,) = struct.unpack(">Q", sig[:8])
                message = f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()
                key.verify(sig[8:], message)
                cosigned += 1
    if cosigned < policy["quorum"]:
        raise SystemExit(f"FAIL: {cosigned} of the required {policy['quorum']} witnesses cosigned")

    leaves = []
    entries = []
    for n in range((size + 255) // 256):
        width = min(256, size - n * 256)
        parts = _tile_index(n)
        index = "/".join(["x%03d" % p for p in parts[:-1]] + ["%03d" % parts[-1]])
        tile = "/tile/entries/" + index + ("" if width == 256 else f".p/{width}")
        data = get(base + tile)
        pos = 0
        while pos < len(data):
            (length,) = struct.unpack(">H", data[pos:pos + 2])
            entry = data[pos + 2:pos + 2 + length]
            pos += 2 + length
            entries.append(entry)
            leaves.append(hashlib.sha256(b"\x00" + entry).digest())
    if mth(leaves[:size]) != root:
        raise SystemExit("FAIL: the entries do not hash to the checkpoint's root")

    for i, raw in enumerate(entries[:size]):
        entry = json.loads(raw)
        header = json.dumps(entry["header"], sort_keys=True, separators=(",", ":")).encode()
        message = b"jirga/statement/v1\n" + header
        for s in entry["signatures"]:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(s["key"]))
            try:
                key.verify(base64.b64decode(s["sig"]), message)
            except InvalidSignature:
                raise SystemExit(f"FAIL: entry {i}: signature does not verify")
    print(f"OK: {size} entries, root verified, log signature verified, {cosigned} witness cosignatures verified, "
          f"{len(entries[:size])} statement signatures verified")


def _tile_index(n):
    """C2SP tile index: groups of three digits, all but the last prefixed with x."""
    parts = []
    while True:
        parts.append(n % 1000)
        n //= 1000
        if n == 0:
            break
    parts.reverse()
    return parts


if __name__ == "__main__":
    try:
        main()
    except InvalidSignature:
        raise SystemExit("FAIL: a signature does not verify")
