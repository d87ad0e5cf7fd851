"""Join codes, participant tokens and display names.

A join code is six characters from an alphabet without the look-alikes 0/O and 1/I, so it reads clearly off a
projector and types easily on a phone (32⁶ ≈ 10⁹ codes). A participant holds a random token; the database keeps
only its SHA-256, so a leaked database does not let anyone act as a participant.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata

from studio import identity

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0, O, 1, I
CODE_LENGTH = 6
MAX_NAME = 60
_SEPARATORS = re.compile(r"[\s\-_.·]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str | None) -> str:
    """What the participant typed, as stored: upper case, spaces and dashes dropped ("abc-234" → "ABC234")."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or "")).upper()[:32]


def is_wellformed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def clean_name(raw: str | None) -> str:
    """A display name as shown: NFKC (full-width letters become ordinary ones), control and format characters
    removed, spaces collapsed ("" when nothing printable is left). Markup stays text: every page escapes what
    it shows."""
    return identity.clean(raw)


def name_key(name: str) -> str:
    """Two names that are the same to people are the same name: "Lan" = "lan" = " LAN " = "ｌａｎ" (look-alikes
    from other scripts are caught by `identity.skeleton` when joining)."""
    return identity.name_key(name)
