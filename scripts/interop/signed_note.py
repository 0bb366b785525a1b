"""C2SP signed notes for the independent verifiers (verify_log.py, verify_bundle.py): written
from the C2SP signed-note spec with Python's `cryptography` package, sharing no code with Jirga."""
import base64
import binascii
import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def fail(why):
    raise SystemExit(f"FAIL: {why}")


def b64(what, s):
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        fail(f"{what} is not valid base64")


def parse_vkey(vkey):
    """(name, 4-byte key hash, algorithm byte, Ed25519 public key) of a C2SP vkey."""
    name, key_hash, material = vkey.split("+", 2)
    raw = b64(f"the key of {name}", material)
    alg, pub = raw[0], raw[1:]
    expected = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if expected.hex() != key_hash:
        fail(f"key hash of {name} does not match its key")
    return name, expected, alg, Ed25519PublicKey.from_public_bytes(pub)


def split_note(note):
    """The signed text and its signature lines as (name, key hash, signature bytes)."""
    text, _, sigs = note.partition("\n\n")
    text += "\n"
    lines = []
    for line in sigs.splitlines():
        if not line:
            continue
        if not line.startswith("\u2014 "):
            fail(f"a signature line of the note is malformed: {line!r}")
        name, sig = line[2:].rsplit(" ", 1)
        raw = b64("a note signature", sig)
        lines.append((name, raw[:4], raw[4:]))
    return text, lines
