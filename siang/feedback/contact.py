"""A reporter's contact details are sealed at rest (Fernet) and opened only by PACC.

The key is FEEDBACK_CONTACT_KEY (a Fernet key) when set; otherwise it is derived from SECRET_KEY
(as siang.accounts.citizen_ids does for citizen IDs). `unseal_contact` is called only from
PACC's audited reveal action in casework; no page of a unit's staff calls it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings

from siang.feedback.models import Feedback

CONTACT_FIELDS = ("name", "phone", "email")


@cache
def _fernet() -> Fernet:
    configured = getattr(settings, "FEEDBACK_CONTACT_KEY", "")
    if configured:
        return Fernet(configured)
    material = hashlib.sha256(f"feedback-contact:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(material))


def seal_contact(contact: dict[str, str]) -> str:
    """The sealed form of the contact details given, or "" when nothing was given."""
    kept = {field: contact.get(field, "").strip() for field in CONTACT_FIELDS}
    if not any(kept.values()):
        return ""
    return _fernet().encrypt(json.dumps(kept, ensure_ascii=False).encode()).decode()


def unseal_contact(feedback: Feedback) -> dict[str, str]:
    """{"name", "phone", "email"} as the citizen left them; {} when they left none."""
    if not feedback.has_contact or not feedback.contact_sealed:
        return {}
    opened: dict[str, str] = json.loads(_fernet().decrypt(feedback.contact_sealed.encode()))
    return opened
