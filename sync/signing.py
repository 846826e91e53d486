"""Signatures of sync files (Ed25519): a file a PC writes is signed with that PC's key, whose public half the
server registered when the PC first signed in (or when the administrator enrolled it); the server's answer
is signed with the server's key, whose public half the PC received then. A file copied, edited or made up
elsewhere is refused, whoever's device id it names.

Keys travel as base64 text of their 32 raw bytes.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat


def new_key() -> str:
    """A new private key, as text."""
    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return base64.b64encode(raw).decode()


def public_key(private: str) -> str:
    """The public half of the private key ``private``, as text."""
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private))
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def sign(private: str, payload: bytes) -> str:
    """The signature of ``payload`` with the private key ``private``, as text."""
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private))
    return base64.b64encode(key.sign(payload)).decode()


def valid(public: str, payload: bytes, signature: str) -> bool:
    """Was ``payload`` signed with the private half of ``public``? False for anything malformed."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True))
        key.verify(base64.b64decode(signature, validate=True), payload)
    except (InvalidSignature, ValueError, TypeError, binascii.Error):
        return False
    return True


def is_public_key(text: str) -> bool:
    """Is ``text`` a public key (32 bytes in base64)?"""
    try:
        return len(base64.b64decode(text, validate=True)) == 32
    except (ValueError, binascii.Error):
        return False
