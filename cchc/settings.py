"""The one settings module, driven by environment variables.

Defaults are production-safe (debug off, secure cookies, HTTPS); the embedded default
stores everything under ``CCHC_DATA_DIR`` (``./var``) in a SQLite file.

Environment variables:

- ``DATABASE_URL``: ``sqlite:///path`` (default ``var/cchc.sqlite3``) or ``postgres://...``
- ``CCHC_SECRET_KEY``: secret key; when unset one is generated once into ``var/secret_key``
- ``CCHC_DEBUG``: ``true`` to enable debug pages (never in production)
- ``CCHC_ALLOWED_HOSTS``: comma-separated host names (default ``127.0.0.1,localhost``)
- ``CCHC_CSRF_TRUSTED_ORIGINS``: comma-separated origins behind a proxy
- ``CCHC_TRUSTED_PROXIES``: comma-separated addresses or networks of reverse proxies whose
  ``X-Forwarded-For`` gives the visitor's address (default: none)
- ``CCHC_HTTPS``: ``false`` to serve plain HTTP (the local demo); default ``true``
- ``CCHC_EMAIL_BACKEND``, ``CCHC_EMAIL_HOST``, ``CCHC_EMAIL_PORT``, ``CCHC_EMAIL_USER``,
  ``CCHC_EMAIL_PASSWORD``, ``CCHC_EMAIL_USE_TLS``, ``CCHC_EMAIL_FROM``: outgoing e-mail
- ``CCHC_STORAGE_BACKEND``: dotted path of the storage for uploads (default local folder
  ``var/media``); ``CCHC_MEDIA_ROOT`` moves the local folder
- ``CCHC_TASK_BACKEND``: dotted path of the task backend (reminders and other background
  work). Default ``django_tasks.backends.immediate.ImmediateBackend`` runs them in-process;
  ``django_tasks_rq.RQBackend`` puts them on Redis for ``cchc rqworker`` to run
- ``CCHC_REDIS_URL``: the Redis of the RQ backend (default ``redis://127.0.0.1:6379/0``)
- ``CCHC_TASK_QUEUES``: comma-separated extra queue names the task backend serves, besides
  ``default``
- ``CCHC_REMINDER_DAYS_BEFORE``: days before a report deadline when the reporting units are
  reminded, comma-separated (default ``3``; e.g. ``7,3,1``)
- ``CCHC_REMINDER_INTERVAL``: seconds between two reminder runs of the scheduler started by
  ``cchc demo`` or ``cchc scheduler`` (default ``3600``)
- ``CCHC_CACHE_URL``: ``redis://...`` for a shared cache (default: local memory)
- ``CCHC_SITE_URL``: the address used in links inside e-mails (default ``http://127.0.0.1:8000``)
- ``CCHC_PUBLIC_URL``: the address citizens reach the public site at, written into printed QR
  codes (default: empty, the address the staff page was asked for)
- ``CCHC_PORTAL_NAME``: the name shown in the public site's header
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("CCHC_DATA_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    key = os.environ.get("CCHC_SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("CCHC_DEBUG", False)
ALLOWED_HOSTS = env_list("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost")
TRUSTED_PROXIES = env_list("CCHC_TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"CCHC_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network"
        ) from None
CSRF_TRUSTED_ORIGINS = env_list("CCHC_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "treebeard",
    "django_tasks",
    "django_rq",
    "cchc.orgs",
    "cchc.legal",
    "cchc.plans",
    "cchc.schedule",
    "cchc.tracking",
    "cchc.reports",
    "cchc.documents",
    "cchc.notify",
    "cchc.portal",
    "cchc.procedures",
    "cchc.feedback",
    "cchc.contests",
    "cchc.surveys",
    "cchc.api",
]

MIDDLEWARE = [
    "cchc.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cchc.middleware.StripNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.orgs.context_processors.staff",
                "cchc.portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cchc.sqlite3'}"),
        conn_max_age=int(os.environ.get("CCHC_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares only the statements a cursor asks it to (the contest start and
    # submit, cchc.contests.hotpath): Django's own cursors bind on the client and never
    # prepare. Django's default (None) would turn preparing off altogether.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2**31 - 1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = os.environ.get("CCHC_CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Login rate limit: after 5 failures for one user name from one address, 15 minutes' wait.
AXES_FAILURE_LIMIT = int(os.environ.get("CCHC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "vi"
# Vietnamese only until another language has its catalogue: the texts are written in
# Vietnamese, so a browser asking for English would get Vietnamese pages marked lang="en"
# (read aloud with English sounds) with Django's own messages, dates and numbers in English.
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"

SITE_URL = os.environ.get("CCHC_SITE_URL", "http://127.0.0.1:8000")
PUBLIC_URL = os.environ.get("CCHC_PUBLIC_URL", "").rstrip("/")

# The public site: the name shown in its header.
PORTAL_NAME = os.environ.get("CCHC_PORTAL_NAME", "Cổng thông tin cải cách hành chính")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cchc.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("CCHC_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("CCHC_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "CCHC_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve static files straight from the apps, so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("CCHC_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("CCHC_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CCHC_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CCHC_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CCHC_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CCHC_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_EMAIL_FROM", "CCHC <no-reply@localhost>")


def env_positive_ints(name: str, default: str) -> list[int]:
    """A comma-separated list of whole numbers > 0 (sorted, without repeats)."""
    raw = os.environ.get(name, default)
    try:
        values = sorted({int(item) for item in raw.split(",") if item.strip()})
    except ValueError:
        values = []
    if not values or values[0] <= 0:
        raise ImproperlyConfigured(
            f"{name} must be whole numbers greater than 0 separated by commas, not {raw!r}"
        )
    return values


# Background work (reminders, exports, roll-ups) goes through django-tasks: in-process by
# default; with CCHC_TASK_BACKEND=django_tasks_rq.RQBackend on Redis, run by `cchc rqworker`.
TASK_QUEUES = ["default", *(q for q in env_list("CCHC_TASK_QUEUES", "") if q != "default")]
REDIS_URL = os.environ.get("CCHC_REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "CCHC_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": TASK_QUEUES,
    }
}
RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in TASK_QUEUES}
# Workers run django-tasks' jobs with its job class (so `cchc rqworker` needs no option).
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
REMINDER_DAYS_BEFORE = env_positive_ints("CCHC_REMINDER_DAYS_BEFORE", "3")
REMINDER_INTERVAL = env_positive_ints("CCHC_REMINDER_INTERVAL", "3600")[0]

HTTPS = env_bool("CCHC_HTTPS", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CCHC_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CCHC_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("CCHC_HSTS_PRELOAD", True)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CCHC API",
    "DESCRIPTION": "API của nền tảng thông tin, tuyên truyền cải cách hành chính.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "cchc.orgs.models.UnitKind",
        "RoleEnum": "cchc.orgs.models.Role",
        "PlanStatusEnum": "cchc.plans.models.PlanStatus",
        "AudienceEnum": "cchc.plans.models.Audience",
        "ChannelKindEnum": "cchc.plans.models.ChannelKind",
        "ReformAreaEnum": "cchc.plans.models.ReformArea",
        "ReformIndexEnum": "cchc.plans.models.ReformIndex",
        "UnitRoleEnum": "cchc.plans.models.UnitRole",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "WARNING")},
}
