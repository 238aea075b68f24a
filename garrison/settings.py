"""Garrison settings: one module, driven by environment variables.

Every variable is read through a small typed helper that refuses a bad value with a message
naming the variable, so a misconfigured deployment fails at start-up, not at first use.

| variable | default | meaning |
|---|---|---|
| GARRISON_SECRET_KEY | a fixed development key (refused when GARRISON_DEBUG is off) | Django SECRET_KEY |
| GARRISON_DEBUG | on | debug pages and the development key |
| GARRISON_FRIENDLY_ERRORS | on | with debug on, still show Garrison's own 403/404/500 pages (off: Django's technical pages) |
| GARRISON_ALLOWED_HOSTS | 127.0.0.1,localhost | comma-separated host names |
| DATABASE_URL | sqlite file GARRISON_DATA_DIR/garrison.sqlite3 | e.g. postgres://user@host:5432/db |
| GARRISON_DATA_DIR | ./var | where the SQLite file and uploads live |
| GARRISON_TASKS | database | `database` (a `db_worker` runs them), `redis` (RQ workers run them; needs GARRISON_REDIS_URL) or `immediate` (inline, for tests) |
| GARRISON_REDIS_URL | unset | e.g. redis://127.0.0.1:6379/0: the task queue (with GARRISON_TASKS=redis), the cache and job progress |
| DATABASE_REPLICA_URL | unset | a streaming read replica: dashboards, roll-ups and exports read from it (core.replica) |
| GARRISON_REPLICA_STICKY_SECONDS | 10 | after a user writes, their reads stay on the primary this long (replication lag) |
| GARRISON_LOG_FORMAT | text | `json`: one JSON object per log line (core.logs), for a log collector |
| GARRISON_LOG_LEVEL | WARNING | the root logger's level (DEBUG, INFO, WARNING, ERROR) |
| GARRISON_LOGIN_FAILURES | 5 | sign-in failures before an account/IP pair is locked out |
| GARRISON_HTTPS | off | on behind an HTTPS proxy (X-Forwarded-Proto): HSTS, HTTPS redirect, secure cookies |
| GARRISON_HSTS_PRELOAD | off | with GARRISON_HTTPS: ask browsers to preload HSTS (a public domain only) |
| GARRISON_SESSION_IDLE_MINUTES | 480 | a session ends after this many minutes without a request |
| GARRISON_MAX_UPLOAD_MB | 25 | a request body larger than this is refused (413) before it is read |
| GARRISON_MAX_IMPORT_MB | 200 | an import sheet's upload (the import pages only) may be this large; streamed to disk |
| GARRISON_IMPORT_MAX_ROWS | 1000000 | the most rows one import sheet may hold; a larger one is refused (split it) |
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of 1/0, true/false, on/off."
    )


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum {minimum}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


DEBUG = env_bool("GARRISON_DEBUG", True)
#: Garrison's own error pages even when DEBUG is on (core.errors)
GARRISON_FRIENDLY_ERRORS = env_bool("GARRISON_FRIENDLY_ERRORS", True)
_DEV_KEY = "garrison-development-key-not-for-production"
SECRET_KEY = os.environ.get("GARRISON_SECRET_KEY") or _DEV_KEY
if not DEBUG and SECRET_KEY == _DEV_KEY:
    raise ImproperlyConfigured(
        "GARRISON_SECRET_KEY must be set when GARRISON_DEBUG is off (use 50+ random characters)."
    )
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("GARRISON_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
DATA_DIR = Path(os.environ.get("GARRISON_DATA_DIR") or PROJECT_DIR / "var")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "auditlog",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its Swagger UI assets are served locally, never from a CDN
    "garrison.core",
    "garrison.accounts",
    "garrison.territory",
    "garrison.commands",
    "garrison.people",
    "garrison.conscription",
    "garrison.forces",
    "garrison.cadres",
    "garrison.reporting",
    "garrison.operations",
    "garrison.oversight",
    "garrison.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "garrison.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "garrison.core.language.LanguageMiddleware",  # Vietnamese unless the user chose English
    "garrison.core.security.RequestSizeMiddleware",  # before anything reads the body
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "garrison.core.sessions.IdleSessionMiddleware",  # idle timeout (SESSION_COOKIE_AGE)
    "django.contrib.messages.middleware.MessageMiddleware",
    "garrison.core.errors.FriendlyErrorsMiddleware",  # Garrison's 403/404/500 in debug too
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "garrison.urls"
WSGI_APPLICATION = "garrison.wsgi.application"
NINJA_API = "garrison.api.api"  # the project's NinjaAPI, by path (core never imports the project)
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

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
                "garrison.core.context_processors.navigation",
                "garrison.core.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'garrison.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent web use (issue 15): writers wait for each other instead of failing at once
    # (web server threads + task worker). A transaction takes the write lock when it begins
    # (IMMEDIATE), so two transactions that read and then write never deadlock into "database
    # is locked"; the second waits up to `timeout` seconds (sqlite3's busy timeout). WAL lets
    # readers (lists, exports) go on while one transaction writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not pytest-django's shared in-memory database: its table locks do not
    # behave like the file the application runs on (tests/core/test_concurrency.py).
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(DATA_DIR / "test_garrison.sqlite3")
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation costs about a second on the roll-ups' large estimated plans and saves
    # nothing on them (measured by `python -m bench.forces`); an operator can turn it back on.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # One connection per gunicorn sync worker process, kept between requests (CONN_MAX_AGE,
    # 60 s above) and checked before reuse, so a server restart costs a reconnect, not a 500.
    # Threads (runserver) close theirs at each request's end; a refused connection ("too many
    # clients") answers 503 (core.errors). Workers × servers stay below max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replica (issue 20): dashboards, roll-ups and exports read from it; everything else, and
# everything after a request wrote, uses the primary (garrison.core.replica).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL") or ""
GARRISON_REPLICA_STICKY_SECONDS = env_int("GARRISON_REPLICA_STICKY_SECONDS", 10)
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Tests never create a second test database for the replica: it mirrors the primary's.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["garrison.core.replica.ReplicaRouter"]
    # Inside the session (its own writes do not count), around every view: notes whether the
    # request wrote and keeps a user who wrote on the primary for the sticky seconds.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "garrison.core.replica.ReplicaMiddleware",
    )

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("GARRISON_LOGIN_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["garrison.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end libraries come from npm (package.json + package-lock.json) and are served by
# whitenoise: nothing is fetched from the internet at run time. Only the files the templates use
# are found and collected (garrison.core.staticfiles.VendorFinder), not whole `dist` folders: a
# template that starts to use another file names it here (tests/core/test_staticfiles.py fails
# until it does).
NODE_MODULES = PROJECT_DIR / "node_modules"
GARRISON_VENDOR_FILES = {
    "vendor/bootstrap": (
        NODE_MODULES / "bootstrap" / "dist",
        [
            "css/bootstrap.min.css",
            "css/bootstrap.min.css.map",  # named by the .css: the manifest needs it to exist
            "js/bootstrap.bundle.min.js",
            "js/bootstrap.bundle.min.js.map",
        ],
    ),
    "vendor/bootstrap-icons": (
        NODE_MODULES / "bootstrap-icons" / "font",
        [
            "bootstrap-icons.min.css",
            "fonts/bootstrap-icons.woff2",
            "fonts/bootstrap-icons.woff",
        ],
    ),
    "vendor/htmx": (NODE_MODULES / "htmx.org" / "dist", ["htmx.min.js"]),
    "vendor/chart.js": (
        NODE_MODULES / "chart.js" / "dist",
        ["chart.umd.min.js", "chart.umd.min.js.map"],
    ),
    "vendor/tom-select": (
        NODE_MODULES / "tom-select" / "dist",
        [
            "css/tom-select.bootstrap5.min.css",
            "css/tom-select.bootstrap5.min.css.map",
            "js/tom-select.complete.min.js",
            "js/tom-select.complete.min.js.map",
        ],
    ),
}
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "garrison.core.staticfiles.VendorFinder",
]
# With DEBUG off (production) `collectstatic` writes each file under a name carrying a hash of
# its content (and a gzip and a brotli copy), and templates name those: whitenoise then lets
# browsers and proxies keep them for ever (Cache-Control: max-age=315360000, immutable), and a
# new release's files have new names. Until a manifest is collected, and with DEBUG on
# (development, the demo, the test suite), files keep their plain names, found by the finders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "garrison.core.staticfiles.ManifestStaticFilesStorage"
    },
}
# whitenoise serves what `collectstatic` wrote to STATIC_ROOT, and (plain names) the finders'
# files: read once at start-up with DEBUG off, on each request with DEBUG on.
WHITENOISE_USE_FINDERS = True
# Only the hashed copies are kept (and compressed): every page names files through `{% static %}`,
# which gives the hashed name, and half the files make `collectstatic` twice as quick.
WHITENOISE_KEEP_ONLY_HASHED_FILES = not DEBUG
# Source maps (read by a browser's developer tools only) are not compressed: they are most of
# the bytes, and compressing them most of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Files without a hash in their name (none that a template names) may be kept an hour.
WHITENOISE_MAX_AGE = 0 if DEBUG else 60 * 60
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
GARRISON_MAX_UPLOAD_BYTES = env_int("GARRISON_MAX_UPLOAD_MB", 25, minimum=1) * 1024 * 1024
GARRISON_MAX_IMPORT_BYTES = env_int("GARRISON_MAX_IMPORT_MB", 200, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

GARRISON_TASKS = env_choice("GARRISON_TASKS", "database", ("database", "redis", "immediate"))
GARRISON_REDIS_URL = os.environ.get("GARRISON_REDIS_URL") or ""
if GARRISON_TASKS == "redis" and not GARRISON_REDIS_URL:
    raise ImproperlyConfigured(
        "GARRISON_TASKS=redis needs GARRISON_REDIS_URL (e.g. redis://127.0.0.1:6379/0)."
    )
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "redis": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[GARRISON_TASKS]
    }
}
if GARRISON_TASKS == "redis":
    # Tasks on Redis through RQ (django-tasks-rq); workers: `garrison rqworker default
    # --job-class django_tasks_rq.Job`, any number, on any machine that reaches Redis.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": GARRISON_REDIS_URL, "DEFAULT_TIMEOUT": 6 * 60 * 60}}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

SESSION_COOKIE_HTTPONLY = True
# Idle timeout: requests renew the session (garrison.core.sessions.IdleSessionMiddleware, at
# most every 5 minutes rather than SESSION_SAVE_EVERY_REQUEST's write per request), so it ends
# after this long without one.
SESSION_COOKIE_AGE = env_int("GARRISON_SESSION_IDLE_MINUTES", 8 * 60, minimum=10) * 60

# HTTPS deployments (behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto): what
# `check --deploy` asks for (W004 HSTS, W008 SSL redirect, W012/W016 secure cookies).
HTTPS = env_bool("GARRISON_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # probes reach gunicorn directly over plain HTTP (no X-Forwarded-Proto): answer, not 301
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The browsers' HSTS preload list is for public domains; a closed network's host is not on
    # it, so asking to be preloaded is left to who runs a public one (check W021 says so).
    SECURE_HSTS_PRELOAD = env_bool("GARRISON_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the cookie-less meta tag; kept default
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Imports (core.importing): a sheet of more rows is refused at the check, before any row is
# validated; the worker reads rows one at a time, so this bounds a job's time, not its memory.
GARRISON_IMPORT_MAX_ROWS = env_int("GARRISON_IMPORT_MAX_ROWS", 1_000_000, minimum=1)

# Pagination of every list page and API list.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500

# Logs go to standard error (systemd's journal, a container's log); GARRISON_LOG_FORMAT=json
# writes one JSON object per line for a log collector (garrison.core.logs.JsonFormatter).
GARRISON_LOG_FORMAT = env_choice("GARRISON_LOG_FORMAT", "text", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "garrison.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": GARRISON_LOG_FORMAT}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "GARRISON_LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

# The cache carries progress of background jobs between the worker and the web server; a file
# cache works across processes on one machine (set GARRISON_CACHE_DIR for a shared volume), and
# Redis (GARRISON_REDIS_URL) across machines.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("GARRISON_CACHE_DIR") or str(DATA_DIR / "cache"),
    }
}
if GARRISON_REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "garrison.core.cache.RedisCache",  # answers while Redis is out of reach
        "LOCATION": GARRISON_REDIS_URL,
        "KEY_PREFIX": "garrison",
    }
