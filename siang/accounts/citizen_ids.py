"""Citizen IDs are protected at rest: a keyed digest to find a person, a sealed copy for PACC.

Nothing else in the system stores or logs the 13 digits. The key is CITIZEN_ID_KEY (a Fernet
key, required in production); outside production it is derived from SECRET_KEY.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings

from siang.lib.citizen_id import normalize_citizen_id


@cache
def _key_material() -> bytes:
    configured = settings.CITIZEN_ID_KEY
    if configured:
        return base64.urlsafe_b64decode(configured)
    return hashlib.sha256(f"citizen-id:{settings.SECRET_KEY}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material()))


def digest(citizen_id: str) -> str:
    """The same ID always gives the same digest; the digest does not give back the ID."""
    message = normalize_citizen_id(citizen_id).encode()
    return hmac.new(_key_material(), message, hashlib.sha256).hexdigest()


def seal(citizen_id: str) -> str:
    return _fernet().encrypt(normalize_citizen_id(citizen_id).encode()).decode()


def unseal(sealed: str) -> str:
    return _fernet().decrypt(sealed.encode()).decode()
