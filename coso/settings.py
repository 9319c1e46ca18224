"""Settings of Cơ Sở, read from the environment.

Development defaults are safe and need nothing: SQLite file, console e-mail, tasks run
immediately, local-memory cache. Production sets ``DJANGO_ENV=production`` and at least
``SECRET_KEY``, ``DATABASE_URL``, ``ALLOWED_HOSTS`` and ``REDIS_URL`` (see docs/deploy.md).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise RuntimeError("SECRET_KEY must be set to a random string of at least 50 characters in production.")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "simple_history",
    "coso.core.apps.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "coso.core.apps.TasksDbConfig",  # django-tasks-db, named in Vietnamese
    "coso.core",
    "coso.accounts",
    "coso.org",
    "coso.people",
    "coso.imports",
    "coso.documents",
    "coso.visits",
    "coso.programme",
    "coso.placements",
    "coso.cadrework",
    "coso.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coso.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coso.accounts.middleware.SessionIdleMiddleware",
    "coso.accounts.middleware.PasswordChangeRequiredMiddleware",
    "coso.accounts.middleware.PrivateCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "coso.accounts.access.AccessMiddleware",
    "coso.core.db_router.ReplicaMiddleware",
]

ROOT_URLCONF = "coso.urls"
WSGI_APPLICATION = "coso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coso" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "coso.accounts.context_processors.scope",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the import worker write while pages read.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the plan of every costly aggregate (dashboards, coverage)
    # for tens to hundreds of ms that these short queries never win back. Set per connection
    # so an operator's default server settings are enough (docs/deploy.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
# A PostgreSQL read replica for dashboards, reports and exports (coso/core/db_router.py,
# docs/deploy.md): the views named here read from it when DATABASE_REPLICA_URL is set.
REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["coso.core.db_router.ReplicaRouter"]
REPLICA_VIEWS = [
    "visits:coverage",
    "visits:ranking",
    "programme:results",
    "cadrework:home",
    "cadrework:indicator",
    "placements:compiled",
    "placements:eligibility",
]
# Exports (the .xlsx views and the background export jobs) read from the PRIMARY: a file
# taken right after an import must hold what was imported, and a replica may lag. An operator
# who accepts that lag for the load it takes off the primary sets EXPORTS_READ_REPLICA=1.
EXPORTS_READ_REPLICA = env_bool("EXPORTS_READ_REPLICA", False)
REPLICA_EXPORT_VIEWS = [
    "visits:coverage_export",
    "visits:ranking_export",
    "visits:visit_export",
    "programme:results_export",
    "cadrework:export",
    "cadrework:indicator_export",
    "visits:practices_export",
    "visits:weak_units_export",
    "visits:clusters_export",
    "placements:compiled_export",
    "placements:eligibility_export",
    "people:export",
    "org:export",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the signed-in account from the cache (coso/accounts/user_cache.py).
    "coso.accounts.user_cache.CachedModelBackend",
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
# Failures are counted per user name (whatever address they come from) and per user name and
# address; a lock lasts AXES_COOLOFF_HOURS or until the account signs in.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Password spraying: once failures for LOGIN_SPRAY_USERS different user names came from one
# address within the cool-off time, that address may try once per LOGIN_SPRAY_DELAY_SECONDS.
LOGIN_SPRAY_USERS = int(os.environ.get("LOGIN_SPRAY_USERS", "10"))
LOGIN_SPRAY_DELAY_SECONDS = int(os.environ.get("LOGIN_SPRAY_DELAY_SECONDS", "30"))
# The client's address is REMOTE_ADDR, except when the request comes from one of these
# addresses or networks (the load balancers, e.g. "10.0.0.5,10.0.1.0/24"): then X-Real-IP
# (or the last address of X-Forwarded-For that is not a proxy) that deploy/nginx.conf sets.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "coso.accounts.client_ip.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["coso.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "coso" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# The long-lived PDF converter (coso/documents/converter.py, `manage.py pdf_converter`): its Unix
# socket. Empty: no converter, every PDF starts its own LibreOffice (about 1-2 s more).
PDF_CONVERTER_SOCKET = os.environ.get("PDF_CONVERTER_SOCKET", str(BASE_DIR / "var" / "pdf-converter.sock"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "coso.core.redis_cache.SharedClientRedisCache", "LOCATION": REDIS_URL}}
    # Every signed-in request reads its session: from Redis, the database only on a miss.
    # Not without Redis: a per-process cache would keep a signed-out session alive in the
    # other workers. The key of a signed-in session names its account, read in the same round
    # trip (coso/accounts/session_store.py).
    SESSION_ENGINE = "coso.accounts.session_store"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The signed-in account read from the cache (coso/accounts/user_cache.py): with Redis, or in one
# process (development, tests). Not in production without Redis: a deactivated account would
# stay signed in on the other workers until their copy expires.
USER_CACHE = bool(REDIS_URL) or not PRODUCTION

# Background work: immediate in development and tests; in production the database
# backend (django-tasks-db, TASKS_BACKEND=django_tasks_db.DatabaseBackend) with its worker
# process (`manage.py db_worker`), see docs/deploy.md.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "coso@localhost")
# The public address, for links in e-mails sent by background tasks (no request to read it from).
SITE_URL = os.environ.get("SITE_URL", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Excel import limits (bytes, rows, uncompressed size of the xlsx zip members).
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", str(400 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "200000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A background export's file is kept this many days after it is written, then deleted by
# ``manage.py purge_export_files`` (deploy/coso-purge.timer); its page then says it expired.
EXPORT_RETENTION_DAYS = int(os.environ.get("EXPORT_RETENTION_DAYS", "7"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The two constant views of bench/benchmark.py's throughput floors (coso/core/views_bench.py):
# on only for a benchmark's own server (BENCH_VIEWS=1), never in production's coso.env.
BENCH_VIEWS = env_bool("BENCH_VIEWS", False)

# The demo data (shared password) may never be loaded where this is False.
DEMO_ALLOWED = env_bool("DEMO_ALLOWED", not PRODUCTION)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # blob: the visit form's photo, read on the phone to be made smaller (coso/offline.js).
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
# A session ends after SESSION_IDLE_HOURS without a request (coso.accounts.middleware), and at
# the browser's close unless "remember me" was ticked at sign-in (coso.accounts.views).
SESSION_IDLE_SECONDS = int(float(os.environ.get("SESSION_IDLE_HOURS", "8")) * 3600)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

if "replica" in DATABASES:  # the replica's connections get the primary's per-connection options too
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        **DATABASES["replica"].get("OPTIONS", {}),
    }
