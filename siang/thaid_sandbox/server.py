"""The sandbox's OpenID provider, built on Authlib's server side and shaped like ThaiD.

What it copies from ThaiD, so Siang's client meets the same things in tests as in production:
- endpoints under `api/v2/oauth2/` with trailing slashes, discovery at `.well-known/`;
- one confidential client (THAID_CLIENT_ID/SECRET) that authenticates with client_secret_basic;
- ID tokens signed with ES256; `sub` and `pid` are the citizen ID; Thai `name`, `name_en`;
- the token response gives the expiry as an absolute Unix time, in both `expires_in` (as DOPA's own
  example client reads it) and `expire_in` — a client must not add either to the current time.
Codes live 60 seconds and work once; PKCE (S256 only) is used when the client sends a challenge.
"""

from __future__ import annotations

import datetime as dt
import hmac
import time
from typing import Any
from urllib.parse import urlsplit

from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.integrations.django_oauth2 import AuthorizationServer  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped]
    ClientMixin,
    InvalidRequestError,
    OAuth2Request,
    grants,
)
from authlib.oauth2.rfc6749.util import scope_to_list  # type: ignore[import-untyped]
from authlib.oauth2.rfc7009 import RevocationEndpoint  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import CodeChallenge  # type: ignore[import-untyped]
from authlib.oauth2.rfc7662 import IntrospectionEndpoint  # type: ignore[import-untyped]
from authlib.oidc.core.grants import OpenIDCode  # type: ignore[import-untyped]
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from joserfc.jwk import ECKey

from siang.thaid_sandbox import keys
from siang.thaid_sandbox.models import AuthorizationCode, Person, Token

CODE_LIFETIME = dt.timedelta(seconds=60)
ACCESS_TOKEN_LIFETIME = dt.timedelta(hours=1)
ID_TOKEN_LIFETIME = 3600

# Scope → the claims it releases. A subset of ThaiD's scopes: the ones a name and an ID give.
SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "openid": ("sub",),
    "pid": ("pid",),
    "name": ("name",),
    "name_en": ("name_en",),
    "title": ("title",),
    "given_name": ("given_name",),
    "family_name": ("family_name",),
    "title_en": ("title_en",),
    "given_name_en": ("given_name_en",),
    "family_name_en": ("family_name_en",),
}
SCOPES_SUPPORTED = list(SCOPE_CLAIMS)
# `name` also gives the parts of the Thai name, as ThaiD's ID token does.
_SCOPE_EXTRAS = {"name": ("given_name", "family_name"), "name_en": ("given_name_en", "family_name_en")}

_THAI_TITLES = ("นางสาว", "นาง", "นาย", "เด็กหญิง", "เด็กชาย")
_ENGLISH_TITLES = ("Miss", "Mrs.", "Mr.", "Ms.")


def issuer_for(request: HttpRequest) -> str:
    """The absolute URL of the sandbox's mount, e.g. http://127.0.0.1:8000/thaid-sandbox."""
    discovery = request.build_absolute_uri(reverse("thaid_sandbox:discovery"))
    return discovery.removesuffix("/.well-known/openid-configuration")


def _split_name(full: str, titles: tuple[str, ...]) -> tuple[str, str, str]:
    """'นางสาวศรีสุดา ตรงธรรม' → ('นางสาว', 'ศรีสุดา', 'ตรงธรรม')."""
    full = " ".join(full.split())
    title = next((t for t in titles if full.startswith(t)), "")
    rest = full[len(title) :].strip()
    given, _, family = rest.partition(" ")
    return title, given, family


def person_claims(person: Person, scope: str) -> dict[str, str]:
    title, given, family = _split_name(person.name_th, _THAI_TITLES)
    title_en, given_en, family_en = _split_name(person.name_en, _ENGLISH_TITLES)
    values = {
        "sub": person.citizen_id,
        "pid": person.citizen_id,
        "name": person.name_th,
        "title": title,
        "given_name": given,
        "family_name": family,
        "name_en": person.name_en,
        "title_en": title_en,
        "given_name_en": given_en,
        "family_name_en": family_en,
    }
    released: dict[str, str] = {}
    for name in scope_to_list(scope) or []:
        for claim in SCOPE_CLAIMS.get(name, ()) + _SCOPE_EXTRAS.get(name, ()):
            if values[claim]:
                released[claim] = values[claim]
    return released


class SandboxClient(ClientMixin):
    """The one client the sandbox knows: this site, registered when the sandbox started."""

    def __init__(self, *, host: str) -> None:
        registered: tuple[str, str] = getattr(
            apps.get_app_config("thaid_sandbox"), "registered_client", ("", "")
        )
        self.client_id, self.client_secret = registered
        self.host = host
        self.client_metadata: dict[str, Any] = {}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return settings.THAID_REDIRECT_URI or None

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in scope_to_list(scope) or [] if s in SCOPE_CLAIMS)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Any http(s) URL on the same host as the sandbox, at the client's callback path."""
        if settings.THAID_REDIRECT_URI and redirect_uri == settings.THAID_REDIRECT_URI:
            return True
        parts = urlsplit(redirect_uri)
        return (
            parts.scheme in {"http", "https"}
            and parts.netloc == self.host
            and parts.path == reverse("thaid_callback")
            and not parts.fragment
        )

    def check_client_secret(self, client_secret: str) -> bool:
        return bool(self.client_secret) and hmac.compare_digest(self.client_secret, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


def _forget_old() -> None:
    """The sandbox keeps a day of codes and tokens, enough to look at, not enough to pile up."""
    day_ago = timezone.now() - dt.timedelta(days=1)
    Token.objects.filter(expires_at__lt=day_ago).delete()
    AuthorizationCode.objects.filter(expires_at__lt=day_ago).delete()


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]

    def save_authorization_code(self, code: str, request: OAuth2Request) -> AuthorizationCode:
        _forget_old()
        data = request.payload.data
        return AuthorizationCode.objects.create(
            code=code,
            client_id=request.client.client_id,
            person=request.user,
            redirect_uri=request.payload.redirect_uri or "",
            scope=request.scope or "",
            nonce=data.get("nonce") or "",
            code_challenge=data.get("code_challenge") or "",
            code_challenge_method=data.get("code_challenge_method") or "",
            auth_time=int(time.time()),
            expires_at=timezone.now() + CODE_LIFETIME,
        )

    def query_authorization_code(self, code: str, client: SandboxClient) -> AuthorizationCode | None:
        """The code, claimed for this one request: a second use or a late one finds nothing."""
        now = timezone.now()
        with transaction.atomic():
            claimed = AuthorizationCode.objects.filter(
                code=code, client_id=client.client_id, used_at__isnull=True, expires_at__gt=now
            ).update(used_at=now)
            if not claimed:
                # RFC 6749 §4.1.2: a code used twice revokes the tokens it gave.
                Token.objects.filter(code__code=code, code__used_at__lt=now).update(revoked=True)
                return None
        return AuthorizationCode.objects.select_related("person").get(code=code)

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Kept, marked used (see `query_authorization_code`), so a replay can be recognised."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> Person:
        return authorization_code.person


class ThaidOpenIDCode(OpenIDCode):
    def __init__(self, *, issuer: str) -> None:
        super().__init__(require_nonce=True)
        self.issuer = issuer

    def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
        return AuthorizationCode.objects.filter(client_id=request.payload.client_id, nonce=nonce).exists()

    def get_client_algorithm(self, client: SandboxClient) -> str:
        return keys.ALGORITHM

    def get_encode_header(self, client: SandboxClient) -> dict[str, str]:
        return {"alg": keys.ALGORITHM, "typ": "JWT", "kid": keys.signing_kid()}

    def resolve_client_private_key(self, client: SandboxClient) -> ECKey:
        return keys.id_token_key()

    def get_client_claims(self, client: SandboxClient) -> dict[str, Any]:
        return {"iss": self.issuer, "aud": client.client_id, "exp": int(time.time()) + ID_TOKEN_LIFETIME}

    def generate_user_info(self, user: Person, scope: str) -> dict[str, str]:
        return person_claims(user, scope)


class S256Only(CodeChallenge):
    """PKCE with S256 only: a challenge without a method would mean "plain", which is refused."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: CodeGrant, redirect_uri: str) -> None:
        super().validate_code_challenge(grant, redirect_uri)
        data = grant.request.payload.data
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Unsupported 'code_challenge_method'")


def _lookup_token(token_string: str) -> Token | None:
    return Token.objects.select_related("person").filter(access_token=token_string).first()


class Introspection(IntrospectionEndpoint):
    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        return _lookup_token(token_string)

    def check_permission(self, token: Token, client: SandboxClient, request: OAuth2Request) -> bool:
        return token.check_client(client)

    def introspect_token(self, token: Token) -> dict[str, Any]:
        return {
            "active": True,
            "client_id": token.client_id,
            "token_type": token.token_type,
            "scope": token.scope,
            "sub": token.person.citizen_id,
            "aud": token.client_id,
            "iss": self.server.issuer,
            "exp": int(token.expires_at.timestamp()),
            "iat": int(token.issued_at.timestamp()),
        }


class Revocation(RevocationEndpoint):
    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
        return _lookup_token(token_string)

    def revoke_token(self, token: Token, request: OAuth2Request) -> None:
        Token.objects.filter(pk=token.pk).update(revoked=True)


def thaid_bearer_token(
    grant_type: str,
    client: SandboxClient,
    user: Person | None = None,
    scope: str | None = None,
    expires_in: int | None = None,
    include_refresh_token: bool = True,
) -> dict[str, Any]:
    expires_at = int(time.time() + ACCESS_TOKEN_LIFETIME.total_seconds())
    return {
        "token_type": "Bearer",
        "access_token": generate_token(48),
        "scope": scope or "",
        # ThaiD's quirk: an absolute Unix time where OAuth 2.0 has a number of seconds.
        "expires_in": expires_at,
        "expire_in": expires_at,
    }


class SandboxServer(AuthorizationServer):
    """One per request: the issuer and the client's allowed host come from the request."""

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(None, Token)
        self.issuer = issuer_for(request)
        self.host = request.get_host()
        self.scopes_supported = SCOPES_SUPPORTED
        self.register_token_generator("default", thaid_bearer_token)
        self.register_grant(CodeGrant, [ThaidOpenIDCode(issuer=self.issuer), S256Only(required=False)])
        self.register_endpoint(Introspection)
        self.register_endpoint(Revocation)

    def query_client(self, client_id: str) -> SandboxClient | None:
        client = SandboxClient(host=self.host)
        if client.client_id and hmac.compare_digest(client.client_id, client_id or ""):
            return client
        return None

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> Token:
        return Token.objects.create(
            client_id=request.client.client_id,
            person=request.user,
            code=request.authorization_code,
            token_type=token["token_type"],
            access_token=token["access_token"],
            scope=token["scope"],
            expires_at=dt.datetime.fromtimestamp(token["expire_in"], tz=dt.UTC),
        )

    def metadata(self) -> dict[str, Any]:
        base = f"{self.issuer}/api/v2/oauth2"
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{base}/auth/",
            "token_endpoint": f"{base}/token/",
            "introspection_endpoint": f"{base}/introspect/",
            "revocation_endpoint": f"{base}/revoke/",
            "userinfo_endpoint": f"{base}/userinfo/",
            "jwks_uri": f"{base}/jwks/",
            "scopes_supported": SCOPES_SUPPORTED,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": [keys.ALGORITHM],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic"],
            "revocation_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": sorted(
                {c for claims in SCOPE_CLAIMS.values() for c in claims} | {"iss", "aud"}
            ),
        }


def bearer_token(request: HttpRequest) -> Token | None:
    """The live access token in the request's `Authorization: Bearer …` header, if any."""
    kind, _, value = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "bearer" or not value:
        return None
    token = _lookup_token(value.strip())
    if token is None or token.is_expired() or token.is_revoked():
        return None
    return token


def sign_in(*, citizen_id: str, name_th: str, name_en: str) -> Person:
    person, _ = Person.objects.update_or_create(
        citizen_id=citizen_id, defaults={"name_th": name_th, "name_en": name_en}
    )
    return person
