"""Signing in with ThaiD, DOPA's OpenID Connect provider: the client side.

The flow is the authorization code flow with `state`, `nonce`, and PKCE (S256) when the provider
advertises it; the client authenticates with client_secret_basic; the ID token must be ES256, signed
by a key in the provider's JWKS, for this issuer and this client, unexpired, with our nonce.

What ThaiD does that a textbook client would trip on:
- The token response's expiry is an absolute Unix time, in `expire_in` or in `expires_in` (DOPA's own
  example client formats `expires_in` as a date). `token_expiry` accepts either field and either
  meaning: a number above 10⁹ can only be a point in time (a lifetime that long is 31 years).
- The citizen ID arrives as `pid`, or only as `sub`. `sub` is kept as the ThaiD subject only when
  it is not the citizen ID itself, which must never be stored in the clear.

The citizen ID never goes to the log; failures are logged by kind and reference only.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError  # type: ignore[import-untyped]
from authlib.integrations.requests_client import OAuth2Session  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from siang.lib.citizen_id import is_valid_citizen_id, normalize_citizen_id

logger = logging.getLogger(__name__)

ID_TOKEN_ALGORITHMS = ["ES256"]
METADATA_CACHE_SECONDS = 300
PENDING_SESSION_KEY = "thaid_pending"
TOKENS_SESSION_KEY = "thaid_tokens"
PENDING_MAX_AGE_SECONDS = 600  # how long a person may take at ThaiD before the attempt is void
PENDING_MAX = 5  # sign-ins started in other tabs that still count
CLOCK_LEEWAY_SECONDS = 60
_ABSOLUTE_TIME_ABOVE = 10**9

# The provider's `error` codes, and what they mean for the person (see ThaidFailure.kind).
_CALLBACK_ERRORS = {
    "access_denied": "denied",
    "user_denied": "denied",
    "invalid_scope": "invalid_scope",
    "invalid_client": "invalid_client",
    "unauthorized_client": "invalid_client",
}
_TOKEN_ERRORS = {
    "invalid_grant": "code_expired",
    "invalid_client": "invalid_client",
    "unauthorized_client": "invalid_client",
    "invalid_scope": "invalid_scope",
}


class ThaidFailure(Exception):
    """A sign-in that cannot go on. `kind` picks the page the person sees; `detail` is for the log.

    Kinds: denied, bad_state, code_expired, invalid_scope, invalid_client, bad_id_token,
    invalid_citizen_id, unreachable, provider_error.
    """

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail
        self.next_url = ""  # where the person was going, once the attempt is known


@dataclass(frozen=True)
class Provider:
    discovery_url: str
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    revocation_endpoint: str
    pkce: bool


@dataclass(frozen=True)
class Identity:
    subject: str
    citizen_id: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class SignIn:
    identity: Identity
    tokens: dict[str, Any]
    next_url: str


# -- configuration ---------------------------------------------------------------------------


# Both come from the settings, never from the request: its Host header is the visitor's to
# choose, and must not pick where the server fetches a document or where ThaiD sends people back.


def discovery_url() -> str:
    if settings.THAID_DISCOVERY_URL:
        return settings.THAID_DISCOVERY_URL
    if settings.THAID_SANDBOX:
        return settings.SITE_URL + reverse("thaid_sandbox:discovery")
    raise ThaidFailure("provider_error", "THAID_DISCOVERY_URL is not set")


def redirect_uri() -> str:
    return settings.THAID_REDIRECT_URI or settings.SITE_URL + reverse("thaid_callback")


def home_url() -> str:
    return reverse("account_home")


def form_targets() -> list[str]:
    """The origins a sign-in form's redirect goes to: ThaiD's, for the page's CSP `form-action`.

    Chromium applies `form-action` to the redirects after a form is sent, so without this the
    browser would refuse to follow "Sign in with ThaiD" to another site. No network here: the
    discovery URL's origin, and the authorization endpoint's if its metadata is cached.
    """
    origins: list[str] = []
    if settings.THAID_DISCOVERY_URL:
        origins.append(origin(settings.THAID_DISCOVERY_URL))
        cached = cache.get(_cache_key("discovery", settings.THAID_DISCOVERY_URL)) or {}
        origins.append(origin(str(cached.get("authorization_endpoint") or "")))
    return sorted({o for o in origins if o})


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else ""


def _timeout() -> float:
    return float(settings.THAID_TIMEOUT_SECONDS)


def _oauth_session(*, redirect: str, pkce: bool) -> OAuth2Session:
    return OAuth2Session(
        client_id=settings.THAID_CLIENT_ID,
        client_secret=settings.THAID_CLIENT_SECRET,
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106 (a method's name, not a secret)
        revocation_endpoint_auth_method="client_secret_basic",
        scope=settings.THAID_SCOPES,
        redirect_uri=redirect,
        code_challenge_method="S256" if pkce else None,
        default_timeout=_timeout(),
    )


# -- talking to the provider -----------------------------------------------------------------


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=_timeout(), headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.ConnectionError, requests.Timeout) as error:
        raise ThaidFailure("unreachable", f"{type(error).__name__} for {url}") from error
    except (requests.RequestException, ValueError) as error:
        raise ThaidFailure("provider_error", f"{type(error).__name__} for {url}") from error
    if not isinstance(data, dict):
        raise ThaidFailure("provider_error", f"not a JSON object: {url}")
    return data


def _cache_key(kind: str, url: str) -> str:
    return f"thaid:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def load_provider(url: str) -> Provider:
    """The provider's metadata from its discovery document, cached for a few minutes."""
    key = _cache_key("discovery", url)
    metadata = cache.get(key)
    if metadata is None:
        metadata = _get_json(url)
        required = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        missing = [name for name in required if not isinstance(metadata.get(name), str)]
        if missing:
            raise ThaidFailure("provider_error", f"discovery lacks {', '.join(missing)}")
        cache.set(key, metadata, METADATA_CACHE_SECONDS)
    return Provider(
        discovery_url=url,
        issuer=metadata["issuer"],
        authorization_endpoint=metadata["authorization_endpoint"],
        token_endpoint=metadata["token_endpoint"],
        jwks_uri=metadata["jwks_uri"],
        userinfo_endpoint=metadata.get("userinfo_endpoint") or "",
        revocation_endpoint=metadata.get("revocation_endpoint") or "",
        pkce="S256" in (metadata.get("code_challenge_methods_supported") or []),
    )


def _key_set(provider: Provider, *, fresh: bool = False) -> KeySet:
    key = _cache_key("jwks", provider.jwks_uri)
    jwks = None if fresh else cache.get(key)
    if jwks is None:
        jwks = _get_json(provider.jwks_uri)
        cache.set(key, jwks, METADATA_CACHE_SECONDS)
    try:
        return KeySet.import_key_set(jwks)  # type: ignore[arg-type]
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise ThaidFailure("provider_error", f"unusable JWKS: {type(error).__name__}") from error


# -- the flow --------------------------------------------------------------------------------


def start(request: HttpRequest, *, next_url: str) -> str:
    """Begin a sign-in: remember its state, nonce and PKCE verifier; return ThaiD's URL to go to."""
    provider = load_provider(discovery_url())
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64) if provider.pkce else ""
    redirect = redirect_uri()
    session = _oauth_session(redirect=redirect, pkce=provider.pkce)
    url, _state = session.create_authorization_url(
        provider.authorization_endpoint, state=state, nonce=nonce, code_verifier=verifier or None
    )
    now = time.time()
    pending = {
        key: attempt
        for key, attempt in request.session.get(PENDING_SESSION_KEY, {}).items()
        if now - attempt["started"] < PENDING_MAX_AGE_SECONDS
    }
    while len(pending) >= PENDING_MAX:
        pending.pop(min(pending, key=lambda k: pending[k]["started"]))
    pending[state] = {
        "nonce": nonce,
        "verifier": verifier,
        "redirect_uri": redirect,
        "discovery_url": provider.discovery_url,
        "next": next_url,
        "started": now,
    }
    request.session[PENDING_SESSION_KEY] = pending
    return str(url)


def _take_attempt(request: HttpRequest) -> dict[str, Any]:
    """The attempt this callback answers; it is used up, so the same callback URL fails next time."""
    state = request.GET.get("state", "")
    pending = dict(request.session.get(PENDING_SESSION_KEY, {}))
    attempt = pending.pop(state, None) if state else None
    if attempt is not None:
        request.session[PENDING_SESSION_KEY] = pending
    if attempt is None:
        raise ThaidFailure("bad_state", "unknown or already used state" if state else "no state")
    if time.time() - attempt["started"] >= PENDING_MAX_AGE_SECONDS:
        raise ThaidFailure("bad_state", "the attempt is too old")
    return dict(attempt)


def finish(request: HttpRequest) -> SignIn:
    """Check ThaiD's answer at the callback and return who signed in. Raises ThaidFailure."""
    attempt = _take_attempt(request)
    try:
        return _finish(request, attempt)
    except ThaidFailure as failure:
        failure.next_url = attempt["next"]
        raise


def _finish(request: HttpRequest, attempt: dict[str, Any]) -> SignIn:
    error = request.GET.get("error")
    if error:
        said = re.sub(r"[^a-z_]", "?", error[:40])  # it came in the URL: keep the log line clean
        raise ThaidFailure(_CALLBACK_ERRORS.get(error, "provider_error"), f"provider said {said}")
    code = request.GET.get("code")
    if not code:
        raise ThaidFailure("provider_error", "no code in the callback")

    provider = load_provider(attempt["discovery_url"])
    session = _oauth_session(redirect=attempt["redirect_uri"], pkce=bool(attempt["verifier"]))
    extra = {"code_verifier": attempt["verifier"]} if attempt["verifier"] else {}
    try:
        token = session.fetch_token(
            provider.token_endpoint,
            grant_type="authorization_code",
            code=code,
            redirect_uri=attempt["redirect_uri"],
            **extra,
        )
    except OAuthError as failure:
        kind = _TOKEN_ERRORS.get(failure.error, "provider_error")
        raise ThaidFailure(kind, f"token endpoint said {failure.error}") from failure
    except (requests.ConnectionError, requests.Timeout) as failure:
        raise ThaidFailure("unreachable", f"token endpoint: {type(failure).__name__}") from failure
    except (requests.RequestException, ValueError) as failure:
        raise ThaidFailure("provider_error", f"token endpoint: {type(failure).__name__}") from failure

    claims = verify_id_token(provider, token, nonce=attempt["nonce"])
    identity = _identity(provider, claims, access_token=str(token.get("access_token", "")))
    tokens = {
        "access_token": token.get("access_token", ""),
        "refresh_token": token.get("refresh_token", ""),
        "expires_at": token_expiry(token),
        "discovery_url": provider.discovery_url,
    }
    return SignIn(identity=identity, tokens=tokens, next_url=attempt["next"])


def verify_id_token(provider: Provider, token: Mapping[str, Any], *, nonce: str) -> dict[str, Any]:
    raw = token.get("id_token")
    if not raw or not isinstance(raw, str):
        raise ThaidFailure("bad_id_token", "no id_token in the token response")
    try:
        try:
            decoded = jwt.decode(raw, _key_set(provider), algorithms=ID_TOKEN_ALGORITHMS)
        except InvalidKeyIdError:  # the provider may have rotated its key since we cached the JWKS
            decoded = jwt.decode(raw, _key_set(provider, fresh=True), algorithms=ID_TOKEN_ALGORITHMS)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": settings.THAID_CLIENT_ID},
            },
            {
                "nonce": nonce,
                "client_id": settings.THAID_CLIENT_ID,
                "access_token": token.get("access_token"),
            },
        )
        claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise ThaidFailure("bad_id_token", f"{type(error).__name__}: {error}") from error
    if not claims.get("nonce"):  # required: it ties this token to this browser's attempt
        raise ThaidFailure("bad_id_token", "MissingClaimError: nonce")
    return dict(claims)


def _userinfo(provider: Provider, access_token: str) -> dict[str, Any]:
    try:
        response = requests.get(
            provider.userinfo_endpoint,
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
            timeout=_timeout(),
        )
        response.raise_for_status()
        data = response.json()
    except (requests.ConnectionError, requests.Timeout) as error:
        raise ThaidFailure("unreachable", f"userinfo: {type(error).__name__}") from error
    except (requests.RequestException, ValueError) as error:
        raise ThaidFailure("provider_error", f"userinfo: {type(error).__name__}") from error
    return data if isinstance(data, dict) else {}


def _joined(*parts: object) -> str:
    return " ".join(str(part).strip() for part in parts if part and str(part).strip())


def _identity(provider: Provider, claims: dict[str, Any], *, access_token: str) -> Identity:
    """Who ThaiD says this is: citizen ID from `pid` (or `sub`), names from the ID token.

    When the ID token carries no name, the userinfo endpoint is asked, for the same subject only.
    """
    details = dict(claims)
    if not details.get("name") and provider.userinfo_endpoint and access_token:
        extra = _userinfo(provider, access_token)
        if extra.get("sub") == claims.get("sub"):
            details = {**extra, **{k: v for k, v in claims.items() if v}}
    citizen_id = normalize_citizen_id(str(details.get("pid") or details.get("sub") or ""))
    if not is_valid_citizen_id(citizen_id):
        raise ThaidFailure("invalid_citizen_id", "pid/sub is not a valid citizen ID")
    subject = str(claims.get("sub") or "")
    if normalize_citizen_id(subject) == citizen_id:
        subject = ""
    name_th = str(details.get("name") or "") or _joined(
        details.get("title"), details.get("given_name"), details.get("family_name")
    )
    name_en = str(details.get("name_en") or "") or _joined(
        details.get("title_en"), details.get("given_name_en"), details.get("family_name_en")
    )
    return Identity(subject=subject[:64], citizen_id=citizen_id, name_th=name_th[:200], name_en=name_en[:200])


def token_expiry(token: Mapping[str, Any]) -> int | None:
    """When the access token expires, as a Unix time, whichever way ThaiD wrote it."""
    for field in ("expire_in", "expires_in"):
        try:
            value = int(token[field])
        except (KeyError, TypeError, ValueError):
            continue
        return value if value > _ABSOLUTE_TIME_ABOVE else int(time.time()) + value
    return None


def revoke(tokens: Mapping[str, Any]) -> bool:
    """Ask ThaiD to revoke the session's tokens. False (and logged) when that did not work;
    the caller has already signed the person out locally either way."""
    try:
        provider = load_provider(str(tokens.get("discovery_url") or ""))
    except ThaidFailure as failure:
        logger.warning("thaid: cannot revoke, no provider metadata (%s)", failure)
        return False
    if not provider.revocation_endpoint:
        return False
    session = _oauth_session(redirect="", pkce=False)
    done = True
    for hint in ("refresh_token", "access_token"):
        value = tokens.get(hint)
        if not value:
            continue
        try:
            response = session.revoke_token(provider.revocation_endpoint, token=value, token_type_hint=hint)
        except requests.RequestException as error:
            logger.warning("thaid: revoking the %s failed: %s", hint, type(error).__name__)
            done = False
            continue
        if response.status_code != 200:
            logger.warning("thaid: revoking the %s answered HTTP %s", hint, response.status_code)
            done = False
    return done
