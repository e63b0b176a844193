"""The sandbox's ES256 signing key: created on first use, kept in the database, published as JWKS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from joserfc.jwk import ECKey

from siang.thaid_sandbox.models import SigningKey

ALGORITHM = "ES256"
_KEY_NAME = "default"


def _stored_key() -> SigningKey:
    stored = SigningKey.objects.filter(name=_KEY_NAME).first()
    if stored is not None:
        return stored
    key = ECKey.generate_key("P-256")
    kid = key.thumbprint()
    try:
        with transaction.atomic():
            return SigningKey.objects.create(
                name=_KEY_NAME, kid=kid, private_jwk=key.as_dict(private=True, kid=kid)
            )
    except IntegrityError:  # another request created it first
        return SigningKey.objects.get(name=_KEY_NAME)


def signing_key() -> ECKey:
    return ECKey.import_key(_stored_key().private_jwk)


def signing_kid() -> str:
    return _stored_key().kid


def id_token_key() -> ECKey:
    """The key ID tokens are signed with.

    Tests set THAID_SANDBOX_SIGN_WITH_UNPUBLISHED_KEY to get tokens signed by a key that is not
    in the JWKS but carries the published key's `kid`: a forged signature, as a client sees it.
    """
    if getattr(settings, "THAID_SANDBOX_SIGN_WITH_UNPUBLISHED_KEY", False):
        return ECKey.generate_key("P-256", parameters={"kid": signing_kid()})
    return signing_key()


def public_jwks() -> dict[str, Any]:
    public = signing_key().as_dict(private=False, use="sig", alg=ALGORITHM)
    return {"keys": [public]}
