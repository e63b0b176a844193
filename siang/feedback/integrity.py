"""Keeping the numbers honest without knowing who the reporter is.

Network hash. No IP address is stored. A response keeps
    network_hash = HMAC-SHA256(daily salt, the client's network)
where the network is the IPv4 address or the IPv6 /64 the request came from (a household, an
office, a phone operator's shared address: never known to be one device), and the daily salt is
    SHA-256("feedback-network:" + SECRET_KEY + ":" + today's date in Bangkok).
Responses of the same day from the same network share a hash; the next day's hashes cannot be
linked to the previous day's, and without SECRET_KEY no hash can be turned back into a network.

Form token. Every form render carries one signed token: service point, start time and a random
idempotency key, with an HMAC. It is the form's CSRF protection (a cross-site page cannot read a
token out of our page, and a submission without a valid token is refused), the proof of the start
time for the minimum time to complete, and the idempotency key that makes retries harmless. No
cookie and no session are needed, so the page can be cached and an offline submission still
works when it is sent days later.

Rate limits: per network and per service point, and unknown tracking codes looked up per network
(a guesser at /track), in Redis (the cache) when REDIS_URL is set, otherwise in the RateCounter
table with one atomic upsert (correct across processes). While Redis cannot be reached, the table
counts: a cache outage never costs a citizen their answers.

Staff networks: when a unit's staff member signs in, the hash of their network is kept for that
unit and that day (StaffNetwork); a response to the same unit from that network is flagged.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from redis import Redis
from redis.exceptions import NoScriptError

from siang.feedback.models import RateCounter, StaffNetwork
from siang.lib.cache import UNREACHABLE, redis_available, redis_failed
from siang.lib.net import client_ip

BANGKOK = dt.timezone(dt.timedelta(hours=7))

# Defaults, each overridable in settings (getattr) for a deployment or a benchmark.
MIN_SECONDS = 5  # a real person needs longer than this to read and answer the form
TOKEN_MAX_AGE = 7 * 24 * 3600  # an offline submission may be sent days after the form was opened
RATE_LIMITS = {
    # name: (most submissions, per seconds)
    "network": (30, 600),
    "point": (120, 600),
    # Tracking codes that exist nowhere, looked up from one network: a guesser's, not a citizen's
    # (a citizen's own code is found and never counts; a typo or two does).
    "track_misses": (20, 600),
}
BURST_WINDOW = 600  # seconds
BURST_SIZE = 3  # this many near-identical responses at one point within the window: a burst


def setting(name: str, default: object) -> object:
    return getattr(settings, f"FEEDBACK_{name}", default)


def today_in_bangkok() -> dt.date:
    return timezone.now().astimezone(BANGKOK).date()


# --- the network hash ---------------------------------------------------------------------------


def client_network(request: HttpRequest) -> str:
    """The client's IPv4 address or IPv6 /64 (a household or an office line); behind the TLS
    proxy, the address the proxy saw. A whole IPv4 /24 would lump unrelated homes and phones
    on one carrier together, and their limits and staff-network flags with them."""
    raw = client_ip(request)
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 32 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


@cache
def _daily_salt(day: dt.date) -> bytes:
    return hashlib.sha256(f"feedback-network:{settings.SECRET_KEY}:{day.isoformat()}".encode()).digest()


def network_hash(request: HttpRequest, *, day: dt.date | None = None) -> str:
    salt = _daily_salt(day or today_in_bangkok())
    return hmac.new(salt, client_network(request).encode(), hashlib.sha256).hexdigest()[:32]


# --- the signed form token ----------------------------------------------------------------------


@cache
def _token_key() -> bytes:
    return hashlib.sha256(f"feedback-form-token:{settings.SECRET_KEY}".encode()).digest()


def _mac(payload: str) -> str:
    digest = hmac.new(_token_key(), payload.encode(), hashlib.sha256).digest()[:18]
    return base64.urlsafe_b64encode(digest).decode()


@dataclass(frozen=True)
class FormToken:
    point_id: int
    started: int  # Unix time the form was rendered
    key: str  # the idempotency key


def form_token(point_id: int, *, now: float | None = None) -> str:
    started = int(now if now is not None else time.time())
    key = secrets.token_urlsafe(16)
    payload = f"{point_id}.{started}.{key}"
    return f"{payload}.{_mac(payload)}"


def read_form_token(value: str, *, point_id: int, now: float | None = None) -> FormToken | None:
    """The token's content if it is ours, for this service point, and not too old; else None."""
    parts = (value or "").split(".")
    if len(parts) != 4:
        return None
    point, started, key, mac = parts
    if not hmac.compare_digest(_mac(f"{point}.{started}.{key}"), mac):
        return None
    if not (point.isdigit() and started.isdigit()) or int(point) != point_id:
        return None
    age = (now if now is not None else time.time()) - int(started)
    if age > int(setting("TOKEN_MAX_AGE", TOKEN_MAX_AGE)):  # type: ignore[call-overload]
        return None
    return FormToken(point_id=int(point), started=int(started), key=key)


# --- rate limits --------------------------------------------------------------------------------


def _limits() -> dict[str, tuple[int, int]]:
    return RATE_LIMITS | setting("RATE_LIMITS", {})  # type: ignore[operator]


def window_seconds(name: str) -> int:
    return _limits()[name][1]


_UPSERT = (
    "INSERT INTO {table} (key, count, expires_at) VALUES (%s, 1, %s) "
    "ON CONFLICT (key) DO UPDATE SET count = {table}.count + 1 RETURNING count"
)


def _count_in_database(key: str, window: int) -> int:
    now = timezone.now()
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(table=table), [key, now + dt.timedelta(seconds=window)])
        (count,) = cursor.fetchone()
    if count == 1 and time_to_sweep():  # now and then, forget windows that have ended
        RateCounter.objects.filter(expires_at__lt=now).delete()
    return int(count)


def time_to_sweep() -> bool:
    """True for about one new counter in a hundred: the sweep of ended windows is spread out."""
    return secrets.randbelow(100) == 0


def _redis_location() -> str | None:
    """Redis's address when the limits should count there now, None for the database."""
    backend = caches["default"]
    if not settings.REDIS_URL or not isinstance(backend, RedisCache):
        return None
    location = str(getattr(backend, "location", settings.REDIS_URL))
    return location if redis_available(location) else None


def hit(name: str, subject: str, *, now: float | None = None) -> bool:
    """Count one event against limit `name` for `subject`; True while within the limit. In Redis
    when it can be reached, in the database otherwise."""
    key, most, window = _key(name, subject, now)
    location = _redis_location()
    if location is not None:
        try:
            return _count_in_redis(key, window) <= most
        except UNREACHABLE as error:
            redis_failed(location, error)
    return _count_in_database(key, window) <= most


def _count_in_redis(key: str, window: int) -> int:
    client = caches["default"]._cache.get_client(key, write=True)  # type: ignore[attr-defined]
    full_key = caches["default"].make_key(key)
    count = int(client.incr(full_key))
    if count == 1:
        client.expire(full_key, window + 5)
    return count


def used_up(name: str, subject: str, *, now: float | None = None) -> bool:
    """True when `subject` has used all of limit `name` in this window. Counts nothing."""
    key, most, _window = _key(name, subject, now)
    count = caches["default"].get(key) if _redis_location() is not None else None
    if count is None:
        live = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now())
        count = live.values_list("count", flat=True).first() or 0
    return int(count) >= most


def _key(name: str, subject: str, now: float | None) -> tuple[str, int, int]:
    most, window = _limits()[name]
    bucket = int((now if now is not None else time.time()) // window)
    return f"feedback:rate:{name}:{subject}:{bucket}", most, window


# Both counters in one atomic step: the point's counter moves only when the network is within
# its limit. Returns [network count, point count or 0].
_LIMITS_LUA = """
local network = redis.call('INCR', KEYS[1])
if network == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if network > tonumber(ARGV[2]) then return {network, 0} end
local point = redis.call('INCR', KEYS[2])
if point == 1 then redis.call('EXPIRE', KEYS[2], ARGV[3]) end
return {network, point}
"""
_clients: dict[int, tuple[Any, str]] = {}


def _limits_client(backend: RedisCache) -> tuple[Any, str]:
    """One Redis connection per process, kept for the limits, and the script's digest.

    Django makes a client per cache call (about 1 ms of CPU: its table of reply parsers), and a
    pooled client checks a connection out and back for every command; one connection of our own
    (redis-py locks it if threads share it) and EVALSHA halve the cost of a submission's check.
    """
    found = _clients.get(id(backend))
    if found is None:
        pool = backend._cache.get_client(None, write=True).connection_pool
        client = Redis(connection_pool=pool, single_connection_client=True)
        found = _clients[id(backend)] = (client, client.script_load(_LIMITS_LUA))
    return found


def within_limits(*, network: str, point_id: int, now: float | None = None) -> bool:
    """Count one submission from `network` at the point; True while both are within their limits.

    A network over its limit does not use up the point's allowance for everyone else. With
    Redis, one round trip (a small Lua script). When Redis cannot be reached, the database counts
    instead: a rate limit protects the form, it must never stop a citizen's answers.
    """
    location = _redis_location()
    if location is None:
        return _within_limits_in_database(network=network, point_id=point_id, now=now)
    backend = caches["default"]
    try:
        return _within_limits_in_redis(backend, network=network, point_id=point_id, now=now)  # type: ignore[arg-type]
    except UNREACHABLE as error:
        redis_failed(location, error)
        _clients.pop(id(backend), None)
        return _within_limits_in_database(network=network, point_id=point_id, now=now)


def _within_limits_in_database(*, network: str, point_id: int, now: float | None) -> bool:
    return _hit_in_database("network", network, now=now) and _hit_in_database("point", str(point_id), now=now)


def _hit_in_database(name: str, subject: str, *, now: float | None) -> bool:
    key, most, window = _key(name, subject, now)
    return _count_in_database(key, window) <= most


def _within_limits_in_redis(backend: RedisCache, *, network: str, point_id: int, now: float | None) -> bool:
    net_key, net_most, net_window = _key("network", network, now)
    point_key, point_most, point_window = _key("point", str(point_id), now)
    # make_key, not make_and_validate_key: these keys are ours, and the check walks every character.
    keys = (backend.make_key(net_key), backend.make_key(point_key))
    args = (net_window + 5, net_most, point_window + 5)
    client, sha = _limits_client(backend)
    try:
        net_count, point_count = client.evalsha(sha, 2, *keys, *args)
    except NoScriptError:  # Redis restarted and forgot the script: load it again
        _clients.pop(id(backend), None)
        client, sha = _limits_client(backend)
        net_count, point_count = client.evalsha(sha, 2, *keys, *args)
    return int(net_count) <= net_most and int(point_count) <= point_most


# --- staff networks -----------------------------------------------------------------------------


def remember_staff_network(*, unit_ids: set[int], request: HttpRequest) -> None:
    if not unit_ids:
        return
    day = today_in_bangkok()
    digest = network_hash(request, day=day)
    StaffNetwork.objects.bulk_create(
        [StaffNetwork(unit_id=unit_id, network_hash=digest, day=day) for unit_id in unit_ids],
        ignore_conflicts=True,
    )
    StaffNetwork.objects.filter(day__lt=day - dt.timedelta(days=1)).delete()
