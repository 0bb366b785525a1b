#!/usr/bin/env python3
"""An independent verifier of a Jirga proof bundle, offline, sharing no code with Jirga.

It checks, with Python's `cryptography` package and the standard library only:
  - the log's Ed25519 signature on the checkpoint (C2SP signed-note), with the log key given
    by the person (--log-key) or, without one, the key inside the bundle (and says which),
  - that entry 0 is the genesis, included in that checkpoint, whose body matches its signed hash,
  - the witnesses' cosignatures (C2SP tlog-cosignature, type 0x04) against the genesis's
    witness policy,
  - the statement's inclusion proof (RFC 9162 section 2.1.3.2, written from the RFC),
  - its id and its Ed25519 signature(s) over "jirga/statement/v1\\n" + canonical header,
  - the body's SHA-256 and length against the signed header, when the body is in the bundle.

The headers hold only ASCII strings and integers, for which RFC 8785 (JCS) is exactly
json.dumps(sort_keys=True, separators=(",", ":")).

Usage: verify_bundle.py BUNDLE_FILE [--log-key VKEY]
Exit status 0 when everything verifies, 1 otherwise (with the reason).
"""
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from signed_note import b64, fail, parse_vkey, split_note

FORMAT = "jirga-proof-bundle/v1"


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162, 2.1.3.2: verifying an inclusion proof."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def check_entry(what, entry_b64, index, proof, size, root):
    """The entry's inclusion and signatures; returns (id hex, header dict)."""
    raw = b64(f"the {what}'s entry", entry_b64)
    hashes = [b64(f"the {what}'s proof", h) for h in proof]
    if any(len(h) != 32 for h in hashes):
        fail(f"the {what}'s proof: a hash is 32 bytes")
    leaf = hashlib.sha256(b"\x00" + raw).digest()
    if not verify_inclusion(index, size, leaf, hashes, root):
        fail(f"the {what}'s inclusion proof does not lead to the checkpoint's root")
    try:
        entry = json.loads(raw)
    except ValueError:
        fail(f"the {what}'s entry is not JSON")
    header = json.dumps(entry["header"], sort_keys=True, separators=(",", ":")).encode()
    message = b"jirga/statement/v1\n" + header
    if not entry["signatures"]:
        fail(f"the {what} carries no signature")
    for s in entry["signatures"]:
        key = Ed25519PublicKey.from_public_bytes(b64("a signer's key", s["key"]))
        try:
            key.verify(b64("a statement signature", s["sig"]), message)
        except InvalidSignature:
            fail(f"the {what}'s signature by {s['key']} does not verify")
    sid = hashlib.sha256(b"jirga/statement-id/v1\n" + header).hexdigest()
    return sid, entry["header"], len(entry["signatures"])


def check_body(what, body_b64, header):
    body = b64(f"the {what}'s body", body_b64)
    if len(body) != header["body_len"] or hashlib.sha256(body).hexdigest() != header["body_sha256"]:
        fail(f"the {what}'s body does not match the SHA-256 and length in its signed header")
    return body


def main():
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    try:
        bundle = json.load(open(args[0], "rb"))
    except ValueError:
        fail("not a Jirga proof bundle (JSON)")
    if bundle.get("format") != FORMAT:
        fail(f"unknown bundle format {bundle.get('format')!r}")
    given = args[args.index("--log-key") + 1] if "--log-key" in args else None
    vkey = given or bundle["log_key"]
    log_name, log_hash, alg, log_key = parse_vkey(vkey)
    if alg != 1:
        fail("the log key is not Ed25519 (0x01)")

    text, sigs = split_note(bundle["checkpoint"])
    origin, size, root = text.splitlines()[:3]
    size, root = int(size), b64("the checkpoint's root", root)
    if origin != log_name:
        fail(f"checkpoint origin {origin!r} is not the log {log_name!r}")
    signed = False
    for name, key_hash, sig in sigs:
        if name == log_name and key_hash == log_hash:
            try:
                log_key.verify(sig, text.encode())
            except InvalidSignature:
                fail("the checkpoint's log signature does not verify")
            signed = True
    if not signed:
        fail("the checkpoint is not signed by the log key")

    g = bundle["genesis"]
    genesis_id, genesis_header, _ = check_entry("genesis", g["entry"], 0, g["proof"], size, root)
    if genesis_header["kind"] != "genesis":
        fail("entry 0 of the bundle is not a genesis")
    genesis = json.loads(check_body("genesis", g["body"], genesis_header))
    if genesis.get("log_key") and genesis["log_key"] != vkey:
        fail("the genesis names another log key than the one the checkpoint was checked with")

    policy = genesis.get("witness_policy", {"witnesses": [], "quorum": 0})
    cosigned = []
    for w in policy["witnesses"]:
        name, key_hash, alg, key = parse_vkey(w["key"])
        if alg != 4:
            fail(f"witness {name}: not a cosignature/v1 key (0x04)")
        for sname, shash, sig in sigs:
            if sname == name and shash == key_hash and name not in cosigned:
                (timestamp,) = struct.unpack(">Q", sig[:8])
                message = f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()
                try:
                    key.verify(sig[8:], message)
                except InvalidSignature:
                    fail(f"witness {name}'s cosignature does not verify")
                cosigned.append(name)
    if len(cosigned) < policy["quorum"]:
        fail(f"{len(cosigned)} of the required {policy['quorum']} witnesses cosigned the checkpoint")

    sid, header, nsigs = check_entry("statement", bundle["entry"], bundle["index"], bundle["proof"], size, root)
    if sid != bundle["statement"]:
        fail(f"the entry is statement {sid}, not {bundle['statement']}")
    if bundle["index"] > 0 and header["deployment"] != genesis_id:
        fail("the statement belongs to another deployment than this log's genesis")
    if bundle.get("body") is not None:
        check_body("statement", bundle["body"], header)
        body = "body included and matches its signed hash"
    else:
        body = "body not included (sealed); its signed hash is " + header["body_sha256"]
    anchor = "the log key given" if given else "the log key INSIDE the bundle"
    print(f"OK: statement {sid} is entry {bundle['index']} of {size}; checkpoint signed by {anchor} ({vkey}); "
          f"{len(cosigned)} of {policy['quorum']} witness cosignatures verified; {nsigs} statement signature(s) "
          f"verified; {body}")


if __name__ == "__main__":
    try:
        main()
    except (KeyError, TypeError, IndexError) as e:
        fail(f"the bundle lacks or misnames a field ({e!r})")
    except (InvalidSignature, ValueError) as e:
        fail(f"a key, signature or number is malformed ({e})")
