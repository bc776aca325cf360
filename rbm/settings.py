"""Settings for RBM, driven by environment variables.

Local defaults need no services: SQLite and Celery tasks run eagerly in-process. Production is the
same module with a different set of environment values (see `.env.example`).
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from rbm.cache import caches_from_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no from the environment; unset or blank (as `.env.example` leaves it) means the default."""
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"} if value else default


def env_int(name: str, default: int) -> int:
    """A whole number from the environment; unset or blank means the default."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-local-development-key-change-me")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "rbm.exceptions.csrf_failure"

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: it adds the <field>_en/_fr/_es columns.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "places",
    "outcomes",
    "indicators",
    "evaluations",
    "plans",
    "countries",
    "notifications",
    "dashboard",
    "reports",
    "translations",
    "demo",
    "backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Reads of a request that writes, and of that browser's next requests, stay on the primary (rbm/replica.py).
    "rbm.replica.ReplicaPinMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ?lang=fr|es|en names one answer's language (pages, API, exports), after the choice LocaleMiddleware made.
    "rbm.middleware.LanguageParameterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.KeptFormMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "rbm.middleware.BadRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # The database unreachable: 503, in JSON under /api/ and as the "temporarily unavailable" page elsewhere.
    "rbm.outages.DatabaseUnavailableMiddleware",
    # Last, so that it sees the sign-ins refused above it: it answers a locked-out client with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rbm.urls"
WSGI_APPLICATION = "rbm.wsgi.application"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.scope",
                "notifications.context_processors.unread",
            ],
            "libraries": {"rbm": "rbm.template_library"},
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Form fields are laid out by one template of the site's (templates/partials/field.html).
FORM_RENDERER = "rbm.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://user@host:5432/name); without it, a local SQLite file.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Each test process may name its own test database, so parallel runs do not collide.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}

# DATABASE_REPLICA_URL names a streaming replica of that database (scripts/replica.sh starts one locally): the
# selectors that only read send their queries there (rbm/replica.py, rbm/routers.py). Without it the alias is
# the primary itself and nothing reads through it. Tests always read the replica alias as the primary's mirror
# (a replica can hold no test database of its own); tests/rbm/test_replica.py points it at a real replica.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
RBM_READ_REPLICA = bool(DATABASE_REPLICA_URL)
DATABASES["replica"] = {
    **(
        dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
        if RBM_READ_REPLICA
        else DATABASES["default"]
    ),
    "TEST": {"MIRROR": "default"},
}
if RBM_READ_REPLICA and DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
    # A replica that does not answer is given up on quickly: its reads then go to the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("RBM_REPLICA_CONNECT_TIMEOUT", 2)
    )
DATABASE_ROUTERS = ["rbm.routers.ReplicaRouter"]
# After a request that writes, the same browser reads from the primary for this many seconds (its own write
# back, whatever the replica's lag); after the replica failed to answer, it is asked again this much later.
RBM_REPLICA_PIN_SECONDS = env_int("RBM_REPLICA_PIN_SECONDS", 10)
RBM_REPLICA_RETRY_AFTER = float(os.environ.get("RBM_REPLICA_RETRY_AFTER", "30"))

# --- Cache ----------------------------------------------------------------------------------------

# Redis when CACHE_URL names it, else a process-local cache. An unreachable Redis is an empty cache, not an
# error (rbm/cache.py): counts are read from the database and the throttles let requests through meanwhile.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = caches_from_url(
    CACHE_URL,
    connect_timeout=float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.5")),
    timeout=float(os.environ.get("CACHE_TIMEOUT", "1")),
    retry_after=float(os.environ.get("CACHE_RETRY_AFTER", "30")),
)

# --- Authentication -------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it refuses a locked-out account and address before the password is even checked.
AUTHENTICATION_BACKENDS = ["accounts.backends.SignInLockBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

# Sign-in protection (django-axes), on the site and /admin/ alike: after AXES_FAILURE_LIMIT wrong
# passwords for one account from one address, that pair is refused for AXES_COOLOFF_MINUTES. The pair,
# not the account alone, so that nobody can lock a colleague out from elsewhere by failing on purpose.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "rbm.client.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out_view"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False  # accounts.signals and accounts.views log sign-ins, failures and lock-outs themselves

# Two-factor sign-in (django-otp, TOTP): anyone may enrol at /accounts/two-factor/; with RBM_REQUIRE_2FA=1
# administrators and managers must, before anything else. Codes come from any authenticator app.
RBM_REQUIRE_2FA = env_bool("RBM_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "RBM")
# Administrators may delete a user's device (a lost phone) in /admin/, never read its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Idle sessions end: a session unused for RBM_SESSION_IDLE_MINUTES is over (each request renews it).
SESSION_COOKIE_AGE = env_int("RBM_SESSION_IDLE_MINUTES", 60) * 60

# --- HTTPS and browser protections -----------------------------------------------------------------
# With DEBUG off the production values are the defaults; each can be overridden from the environment.
# Behind a TLS proxy, the proxy must set X-Forwarded-Proto (and strip any the client sent).

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the site append to X-Forwarded-For; 0 ignores the header.
RBM_TRUSTED_PROXIES = env_int("RBM_TRUSTED_PROXIES", 0)

# Every page's Content-Security-Policy: scripts, styles and images from our own static files only
# (no inline script or style); pages may not be framed. A built report page sends its own, stricter one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of ours uses are switched off for the site and anything it could embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# --- Internationalisation -------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
# One date format across the site, localised per language (rbm/formats/en: no "p.m." to double a full stop).
FORMAT_MODULE_PATH = ["rbm.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in every language (rbm/translation.py lists the fields): one column per language, English the
# source every other language falls back to, field by field.
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# A text given to a new object ("statement=...") is its English, whatever language is active.
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The largest evaluation report (PDF, Word, ODT) accepted, in MB.
RBM_DOCUMENT_MAX_MB = int(os.environ.get("RBM_DOCUMENT_MAX_MB", "50"))
# Where `manage.py backup` (`make backup`) writes its archives of the database and the media files.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backup-archives"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Email ----------------------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rbm@localhost")
# The address of the site as users reach it, for links in emails sent by background jobs.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- REST API -------------------------------------------------------------------------------------

# Token clients authenticate with "Authorization: Token <secret>"; the browser uses its session.
# Anonymous and token clients are throttled (rates such as "120/minute"); browser sessions are not.
# What a client's credentials allow beyond its role (a read-only token only reads): every API view checks it.
API_CREDENTIAL_PERMISSIONS = ["accounts.permissions.TokenAccess"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly", *API_CREDENTIAL_PERMISSIONS],
    "DEFAULT_THROTTLE_CLASSES": ["rbm.api.throttling.AnonymousThrottle", "accounts.throttling.TokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "token": os.environ.get("API_THROTTLE_TOKEN", "600/minute"),
    },
    "DEFAULT_PARSER_CLASSES": [
        "rbm.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Throttles count the client as `rbm.client.client_address` sees it; DRF's own reading agrees.
    "NUM_PROXIES": RBM_TRUSTED_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "rbm.exceptions.api_exception_handler",
    # An empty ?format= is a 404, as an unknown one is (DRF would ignore it).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "rbm.api.negotiation.StrictFormatNegotiation",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RBM API",
    "DESCRIPTION": "Results framework, country results and indicator counts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Evaluations' choice sets share field names (kind, status) with other apps' ones: name them in the schema.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "EvaluationKindEnum": "evaluations.models.Evaluation.Kind",
        "EvaluationStatusEnum": "evaluations.models.Evaluation.Status",
        "FollowUpActionStatusEnum": "evaluations.models.FollowUpAction.Status",
        "SynthesisFindingKindEnum": "evaluations.models.SynthesisFinding.Kind",
        "LessonKindEnum": "evaluations.models.Lesson.Kind",
        "PlaceKindEnum": "places.models.Place.Kind",
        "ReportFormatEnum": "reports.models.ReportFormat",
    }
)

# --- Celery ---------------------------------------------------------------------------------------
# Without a broker URL, tasks run eagerly in the calling process (no services needed).

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "900"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "840"))
# Longer than the longest task, so a slow task is not delivered twice while still running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 300}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {}
# Follow-up: every morning, tell the owners of actions due within a week or overdue (once per due date).
CELERY_BEAT_SCHEDULE["notifications-follow-up-reminders"] = {
    "task": "notifications.follow_up_reminders",
    "schedule": crontab(hour=6, minute=0),
}
# Report jobs: hand over requests the broker missed, take back jobs whose worker died (silent for longer than
# REPORTS_HEARTBEAT_TIMEOUT; a building worker beats every REPORTS_HEARTBEAT_SECONDS); purge old report files.
CELERY_BEAT_SCHEDULE["reports-resume-jobs"] = {"task": "reports.resume_jobs", "schedule": 30.0}
CELERY_BEAT_SCHEDULE["reports-purge-files"] = {"task": "reports.purge_files", "schedule": 6 * 3600.0}
REPORTS_RETENTION_DAYS = int(os.environ.get("REPORTS_RETENTION_DAYS", "30"))
REPORTS_HEARTBEAT_SECONDS = float(os.environ.get("REPORTS_HEARTBEAT_SECONDS", "10"))
REPORTS_HEARTBEAT_TIMEOUT = float(os.environ.get("REPORTS_HEARTBEAT_TIMEOUT", "60"))
# A queued job no worker has taken for this many seconds tells its requester the workers may be stopped.
REPORTS_WORKER_WAIT = float(os.environ.get("REPORTS_WORKER_WAIT", "60"))
# The IATI 2.03 export (`manage.py export_iati`, /api/v1/iati/): who reports (IATI organisation identifier,
# organisation type and name; XM-DAC-41302 is the ILO's) and the identifier of the programme's activity, which
# IATI requires to begin with the reporting organisation's. Blank means the default.
IATI_REPORTING_ORG_REF = os.environ.get("IATI_REPORTING_ORG_REF", "").strip() or "XM-DAC-41302"
IATI_REPORTING_ORG_TYPE = os.environ.get("IATI_REPORTING_ORG_TYPE", "").strip() or "40"
IATI_REPORTING_ORG_NAME = os.environ.get("IATI_REPORTING_ORG_NAME", "").strip() or "International Labour Organization"
IATI_ACTIVITY_IDENTIFIER = os.environ.get("IATI_ACTIVITY_IDENTIFIER", "").strip() or f"{IATI_REPORTING_ORG_REF}-RBM"
# /health/ pings the Celery workers and waits this many seconds for their answers.
HEALTH_WORKER_TIMEOUT = float(os.environ.get("HEALTH_WORKER_TIMEOUT", "1"))

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # e.g. "2026-01-05 09:00:00,123 INFO accounts.signals: Sign-in: 'ama' (user 4) from 127.0.0.1"
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
