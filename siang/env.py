"""Strict readers for settings that come from the environment.

A setting that production needs and the environment does not give stops start-up with a
message naming the variable, rather than running with a silent default.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name} (comma-separated).")
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def redis_caches(url: str, *, key_prefix: str = "siang") -> dict[str, dict[str, object]]:
    """The CACHES setting for Redis at `url`: Django's Redis cache, which lets a request go on when
    Redis cannot be reached (siang.lib.cache), with socket timeouts short enough that a dead
    Redis does not hold a worker (it answers in well under a millisecond when alive)."""
    return {
        "default": {
            "BACKEND": "siang.lib.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
