"""Siang settings, read from the environment.

SIANG_ENV=production turns on the strict mode: every secret must be given, cookies are secure
and HTTPS is required. Anything else is the embedded default (SQLite, local files, inline tasks),
which `make run` and the tests use.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from siang.env import env_bool, env_int, env_list, env_str, redis_caches

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SIANG_VAR_DIR", str(BASE_DIR / "var")))

SIANG_ENV = env_str("SIANG_ENV", "development")
PRODUCTION = SIANG_ENV == "production"

DEBUG = env_bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """A key kept on local disk, so sessions survive a restart of `make run`."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=60)}
else:
    SECRET_KEY = env_str("SECRET_KEY", "") or _development_secret_key()
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'siang.sqlite3'}"), conn_max_age=0
        )
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Lets psycopg prepare the statements it is asked to (Django turns that off). Only the citizen
    # form's submission asks (siang.feedback.writing); every other query is bound on the client.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 10**9)
    # A server that is restarting may take the connection and say nothing: without a limit a
    # request (and /healthz) would wait as long as the operating system lets a socket hang.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "siang.lib",
    "siang.audit",
    "siang.directory",
    "siang.accounts",
    "siang.catalog",
    "siang.servicepoints",
    "siang.feedback",
    "siang.casework",
    "siang.reporting",
    "siang.exports",
    "siang.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "siang.middleware.ContentSecurityPolicyMiddleware",
    "siang.middleware.UnstorableCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "siang.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "siang.urls"
WSGI_APPLICATION = "siang.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["siang.lib.templatetags.thai", "siang.lib.templatetags.pages"],
            # siang.policy is not an app (it has no models and must import without the app registry)
            "libraries": {"policy": "siang.policy.templatetags.policy"},
        },
    },
]

# Cache: Redis when REDIS_URL is set (several app servers share it), local memory otherwise.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = (
    redis_caches(REDIS_URL, key_prefix=env_str("CACHE_KEY_PREFIX", "siang"))
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

# Storage: local files by default; an S3-compatible store is added with django-storages when needed.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# S3-compatible object storage (django-storages) when S3_BUCKET is set: every uploaded and made
# file goes there, so any app server can serve what another took. Private files (the only kind
# this site keeps) are served by a view that checks access, then redirects to a URL signed for
# S3_SIGNED_URL_SECONDS; the bucket itself grants nothing to the public.
S3_BUCKET = env_str("S3_BUCKET", "")
S3_SIGNED_URL_SECONDS = env_int("S3_SIGNED_URL_SECONDS", 60)
S3_OPTIONS: dict[str, object] = {
    "bucket_name": S3_BUCKET,
    "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
    "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
    "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
    "region_name": env_str("S3_REGION", "us-east-1"),
    "addressing_style": "path",
    "signature_version": "s3v4",
    "default_acl": None,  # the bucket's own (private) policy; never public-read
    "querystring_auth": True,
    "querystring_expire": S3_SIGNED_URL_SECONDS,
    "file_overwrite": False,
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**S3_OPTIONS, "location": "media"},
    }
WHITENOISE_MAX_AGE = 31536000 if PRODUCTION else 0
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # so WhiteNoise has its folder before collectstatic

# Language and time: Thai first, English complete; stored in UTC, shown in Bangkok time.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "siang_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# Security. The Content-Security-Policy allows no inline script or style and nothing off-site.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
LOGIN_URL = "signin"
SESSION_COOKIE_HTTPONLY = True
SESSION_SAVE_EVERY_REQUEST = True  # so SESSION_COOKIE_AGE is the time a session may sit idle
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "siang@localhost")

SITE_URL = env_str("SITE_URL", None if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
SMS_BACKEND = env_str("SMS_BACKEND", "siang.lib.sms.ConsoleSmsBackend")
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = env_str("SMS_SENDER", "PACC")
SMS_GATEWAY_TIMEOUT_SECONDS = env_int("SMS_GATEWAY_TIMEOUT_SECONDS", 5)

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler would print each of its lines a second time, after ours.
        "django": {"level": LOG_LEVEL, "handlers": []},
        # WeasyPrint and fontTools log every step of every PDF at INFO.
        **{name: {"level": "WARNING"} for name in ("django.db.backends", "weasyprint", "fontTools")},
    },
}

# ThaiD, DOPA's OpenID Connect provider: the only way staff sign in. Outside production the
# built-in sandbox (siang.thaid_sandbox) stands in for it; an empty discovery URL or redirect URI
# means "this site's own", at SITE_URL (never from the request's Host header).
THAID_SANDBOX = env_bool("THAID_SANDBOX", default=not PRODUCTION)
if PRODUCTION and THAID_SANDBOX:
    raise ImproperlyConfigured("THAID_SANDBOX must be off in production: it lets anyone sign in as anyone.")
THAID_DISCOVERY_URL = env_str(
    "THAID_DISCOVERY_URL",
    "https://imauth.bora.dopa.go.th/.well-known/openid-configuration" if PRODUCTION else "",
)
THAID_CLIENT_ID = env_str("THAID_CLIENT_ID", None if PRODUCTION else "siang-demo")
THAID_CLIENT_SECRET = env_str("THAID_CLIENT_SECRET", None if PRODUCTION else "siang-demo-secret")
THAID_REDIRECT_URI = env_str("THAID_REDIRECT_URI", "")
THAID_SCOPES = env_str("THAID_SCOPES", "openid pid name name_en")
THAID_TIMEOUT_SECONDS = env_int("THAID_TIMEOUT_SECONDS", 10)
if THAID_SANDBOX:
    INSTALLED_APPS.append("siang.thaid_sandbox")

# Citizen IDs are kept sealed (Fernet) for PACC screens and as a keyed digest for look-ups.
CITIZEN_ID_KEY = env_str("CITIZEN_ID_KEY", None if PRODUCTION else "")
# Reporters' optional contact details are sealed with this Fernet key; only PACC opens them.
FEEDBACK_CONTACT_KEY = env_str("FEEDBACK_CONTACT_KEY", None if PRODUCTION else "")

# Background work (siang/celery.py). CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/1) sends
# tasks to a worker; without it every task runs in the process that sent it, after its commit.
CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_TASK_IGNORE_RESULT = True  # outcomes live in job rows, not in a result backend
# A task is acknowledged when it has finished, so one whose worker died is delivered again; the
# job rows' leases make the second delivery harmless (siang.lib.leases).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}
# A request that queues a task while the broker is down must not hang: the job row is kept and
# `jobs_requeue` (every minute, from beat) sends it again once the broker is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Asia/Bangkok"
CELERY_BEAT_SCHEDULE = {
    "jobs-requeue": {
        "task": "siang.exports.tasks.jobs_requeue",
        "schedule": float(env_int("JOBS_REQUEUE_SECONDS", 60)),
    },
    "rollup-feedback": {"task": "siang.reporting.tasks.rollup_feedback", "schedule": 60.0},
    "casework-attach": {"task": "siang.casework.tasks.casework_attach", "schedule": 300.0},
    "exports-purge": {"task": "siang.exports.tasks.exports_purge", "schedule": 3600.0},
    "notifications-requeue": {"task": "siang.accounts.tasks.notifications_requeue", "schedule": 300.0},
    "thumbnails-requeue": {"task": "siang.servicepoints.tasks.thumbnails_requeue", "schedule": 300.0},
}
# A job row's lease: how long a runner holds a job between signs of life (its progress).
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 60)

# Export files are deleted after EXPORTS_KEEP_DAYS.
# Casework: days (Monday to Friday, holidays skipped) to triage a new case.
# Requests of one app server that may decode installation photos at once (siang.lib.slots);
# the others are refused with "try again in a minute", so photos never hold every worker.
PHOTO_CHECKS_AT_ONCE = env_int("PHOTO_CHECKS_AT_ONCE", max(1, (os.cpu_count() or 2) // 2))
SLOTS_DIR = Path(env_str("SLOTS_DIR", str(VAR_DIR / "slots")))
EXPORTS_KEEP_DAYS = env_int("EXPORTS_KEEP_DAYS", 7)
CASEWORK_TRIAGE_WORKING_DAYS = env_int("CASEWORK_TRIAGE_WORKING_DAYS", 3)

# Where the national directory is loaded from by default (a copy kept in the project).
SIANG_UNITS_FILE = BASE_DIR / "data" / "lao_units_extended.csv"
