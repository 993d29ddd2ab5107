"""The one settings module. Every deploy-time value comes from the environment through `env`.

Safe defaults make a first run work with nothing set (SQLite under var/, DEBUG on). With
`SIB_ENV=production` the module refuses to load when a setting would be unsafe.
"""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any, Literal

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105


class Env:
    """Reads SIB_* variables once, with typed defaults; the only place settings touch os.environ."""

    def __init__(self, environ: os._Environ[str] | dict[str, str]) -> None:
        self.environ = environ

    def str(self, name: str, default: str = "") -> str:
        return self.environ.get(name, default)

    def bool(self, name: builtins.str, default: bool) -> bool:
        raw = self.environ.get(name)
        if raw is None or raw == "":
            return default
        if raw.lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.lower() in {"0", "false", "no", "off"}:
            return False
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")

    def int(self, name: builtins.str, default: int) -> int:
        raw = self.environ.get(name)
        if not raw:
            return default
        try:
            return int(raw)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from error

    def list(self, name: builtins.str, default: list[builtins.str]) -> list[builtins.str]:
        raw = self.environ.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]


env = Env(os.environ)

SIB_ENV = env.str("SIB_ENV", "development")
if SIB_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("SIB_ENV must be development or production")
PRODUCTION = SIB_ENV == "production"

DEBUG = env.bool("SIB_DEBUG", not PRODUCTION)
SECRET_KEY = env.str("SIB_SECRET_KEY", DEFAULT_SECRET_KEY)
ALLOWED_HOSTS = env.list("SIB_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
SIB_BASE_URL = env.str("SIB_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
SIB_VAR_DIR = Path(env.str("SIB_VAR_DIR", str(PROJECT_DIR / "var")))
SIB_STAFF_MFA = env.bool("SIB_STAFF_MFA", True)
# Keep each signed-in person's rendered pages while nothing they show has changed (decision 0907).
SIB_PAGE_CACHE = env.bool("SIB_PAGE_CACHE", True)
SIB_ALLOW_SQLITE = env.bool("SIB_ALLOW_SQLITE", not PRODUCTION)
# How many reverse proxies in front of the application append to X-Forwarded-For; the client's
# address is the entry that many places from the right (0: the peer address; sib.core.clientip).
SIB_TRUSTED_PROXIES = env.int("SIB_TRUSTED_PROXIES", 0)
if SIB_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("SIB_TRUSTED_PROXIES must be 0 or more")
CSRF_TRUSTED_ORIGINS = env.list("SIB_CSRF_TRUSTED_ORIGINS", [SIB_BASE_URL])
# The credential issuer's private key file (never in the database, never logged).
SIB_SIGNING_KEY = env.str(
    "SIB_SIGNING_KEY", str(SIB_VAR_DIR / "issuer-signing-key.pem") if DEBUG else ""
)
# Processes that render certificate PDFs while a batch of credentials is issued (0: in-process).
SIB_PDF_WORKERS = env.int("SIB_PDF_WORKERS", 2)
# How many hosts (machines or containers) run the web processes against one database. With more
# than one, production refuses everything that lives on one machine: SQLite, local media, the
# local-memory cache.
SIB_HOSTS_COUNT = env.int("SIB_HOSTS_COUNT", 1)
if SIB_HOSTS_COUNT < 1:
    raise ImproperlyConfigured("SIB_HOSTS_COUNT must be 1 or more")

INSTALLED_APPS = [
    "modeltranslation",
    # Our apps come first: their templates override allauth's layouts, and their translations
    # win over third-party catalogues that use the same words.
    "sib.core",
    "sib.accounts",
    "sib.academy",
    "sib.credentials",
    "sib.surveys",
    "sib.knowledge",
    "sib.brokerage",
    "sib.studio",
    "sib.events",
    "sib.reports",
    "sib.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    # First: every later line of the request (logs, errors, redirects) carries its id.
    "sib.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: its headers reach responses of every middleware below it.
    "sib.core.middleware.ResponseHeadersMiddleware",
    "sib.api.middleware.ApiProblemsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Notes the tables' generations before anything is read (signed-in kept pages, decision 0907).
    "sib.core.pagecache.PageStateMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sib.core.middleware.ProfileLanguageMiddleware",
    "sib.core.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "sib.core.middleware.StaffMFAMiddleware",
    "sib.core.middleware.IdRangeMiddleware",
    "sib.core.middleware.NulCharacterMiddleware",
    # Last: a signed-in person's kept page replaces only the view (decision 0907).
    "sib.core.pagecache.KeptPagesMiddleware",
]

ROOT_URLCONF = "sib.urls"
WSGI_APPLICATION = "sib.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sib.core.context_processors.platform",
            ],
        },
    }
]

# --- database ---------------------------------------------------------------------------------
DATABASE_URL = env.str("DATABASE_URL", f"sqlite:///{SIB_VAR_DIR / 'sib.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not SIB_ALLOW_SQLITE:
        raise ImproperlyConfigured(
            "SQLite is refused in production; set DATABASE_URL to PostgreSQL "
            "or SIB_ALLOW_SQLITE=1 for a single-host install."
        )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock up front so
        # concurrent writers wait (busy timeout) instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    SIB_VAR_DIR.mkdir(parents=True, exist_ok=True)

# --- cache: shared across processes (login throttling relies on it) ----------------------------
REDIS_URL = env.str("REDIS_URL")
SIB_CACHE_URL = env.str("SIB_CACHE_URL", REDIS_URL or "db://")
if SIB_CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": SIB_CACHE_URL,
        }
    }
elif SIB_CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif SIB_CACHE_URL == "db://":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sib_cache",
        }
    }
else:
    raise ImproperlyConfigured("SIB_CACHE_URL must be db://, locmem:// (tests only) or redis://...")

# --- tasks -----------------------------------------------------------------------------------------
# The task worker (`sib worker`) writes its heartbeat this often; /readyz reads it.
SIB_WORKER_HEARTBEAT_SECONDS = env.int("SIB_WORKER_HEARTBEAT_SECONDS", 15)
TASKS = {
    "default": {
        "BACKEND": env.str("SIB_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- accounts --------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "sib.accounts.adapters.AccountAdapter"
# allauth reads the client address through the adapter (sib.core.clientip); the same count here
# keeps any of its own readings consistent with ours.
ALLAUTH_TRUSTED_PROXY_COUNT = SIB_TRUSTED_PROXIES
ACCOUNT_RATE_LIMITS = {
    # Failed logins are counted per IP and per account in the shared cache, so the limit holds
    # across every web process.
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SIB] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SIB Platform"

# --- internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_LANGUAGES = ("pl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("pl", "en")}
LANGUAGE_COOKIE_NAME = "sib_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE: Literal["Lax"] = "Lax"
TIME_ZONE = env.str("SIB_TIME_ZONE", "Europe/Warsaw")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["sib.formats"]

# --- static and media ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = SIB_VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("SIB_MEDIA_ROOT", str(SIB_VAR_DIR / "media")))
# Uploaded and generated files: the local folder MEDIA_ROOT (empty or file://), a folder named
# by file:///path, or S3-compatible object storage: s3://bucket[/prefix] with SIB_S3_* below.
SIB_STORAGE_URL = env.str("SIB_STORAGE_URL", "")


def _default_storage(url: str) -> dict[str, Any]:
    """Translate SIB_STORAGE_URL into Django's default storage (files never served publicly)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme in {"", "file"}:
        options = {"location": unquote(parsed.path)} if parsed.path else {}
        return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": options}
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ImproperlyConfigured("SIB_STORAGE_URL must name a bucket: s3://bucket[/prefix]")
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": parsed.netloc,
                "location": parsed.path.strip("/"),
                "endpoint_url": env.str("SIB_S3_ENDPOINT_URL") or None,
                "region_name": env.str("SIB_S3_REGION") or None,
                "access_key": env.str("SIB_S3_ACCESS_KEY_ID") or None,
                "secret_key": env.str("SIB_S3_SECRET_ACCESS_KEY") or None,
                "addressing_style": env.str("SIB_S3_ADDRESSING_STYLE") or None,
                "signature_version": "s3v4",
                # Private objects: the views serve every file, with their permission checks.
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
    raise ImproperlyConfigured(
        "SIB_STORAGE_URL must be empty, file:///path or s3://bucket[/prefix]"
    )


STORAGES = {
    "default": _default_storage(SIB_STORAGE_URL),
    "staticfiles": {
        # Hashed, compressed files in production; plain files while developing and testing.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Source maps (10 MB of the API docs' scripts) are for developers' tools, never worth compressing:
# skipping them halves the time `sib collectstatic` takes on every install and upgrade.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# --- e-mail ------------------------------------------------------------------------------------------
EMAIL_URL = env.str("SIB_EMAIL_URL", "console://")
DEFAULT_FROM_EMAIL = env.str("SIB_DEFAULT_FROM_EMAIL", "SIB Platform <no-reply@sib.example>")
# Every message goes through the outbox (sib.core.mail); delivered ones are kept this many days.
SIB_MAIL_RETENTION_DAYS = env.int("SIB_MAIL_RETENTION_DAYS", 90)


def _email_settings(url: str) -> dict[str, object]:
    """Translate SIB_EMAIL_URL (console://, file:///path, smtp://user:pass@host:port, smtp+tls://...)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parsed.path or str(SIB_VAR_DIR / "mail"),
        }
    if parsed.scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or 25,
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_TLS": parsed.scheme == "smtp+tls",
            "EMAIL_USE_SSL": parsed.scheme == "smtp+ssl",
        }
    raise ImproperlyConfigured(f"SIB_EMAIL_URL scheme {parsed.scheme!r} is not supported")


globals().update(_email_settings(EMAIL_URL))

# --- security ------------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A failed CSRF check answers with the site's own page (what to do), not Django's.
CSRF_FAILURE_VIEW = "sib.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SIB_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env.int("SIB_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SIB_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = env.bool("SIB_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Load balancers probe the hosts over plain HTTP: the health checks answer, not redirect.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # htmx adds a small <style> for its indicators; scripts stay strictly same-origin.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# --- rate limits of what anyone may do (sib.core.ratelimit): "amount/period/ip|key", shared cache --
SIB_RATE_LIMITS = {
    # Anonymous verification of a posted credential, per client address.
    "credential_verify": "60/m/ip,600/h/ip",
    # Registering for an event: per client address, and per e-mail address a message goes to.
    "event_register": "20/h/ip,3/h/key",
    # Starting an application (each new draft mails its address), per client and per address.
    "application_start": "10/h/ip,3/h/key",
    # Asking for a confirmation message again, per client and per address.
    "confirmation_resend": "10/h/ip,3/h/key",
    # Consultation comments and reports, per client address and per account.
    "brokerage_comment": "60/h/ip,10/10m/key",
    "brokerage_report": "30/h/ip,10/h/key",
    # Comments by residents without an account, per client address and per e-mail address.
    "brokerage_guest_comment": "20/h/ip,5/h/key",
}
# Load tests that send everything from one address switch the limits off; production refuses it.
SIB_RATE_LIMITS_ENABLED = env.bool("SIB_RATE_LIMITS_ENABLED", True)
if not SIB_RATE_LIMITS_ENABLED:
    SIB_RATE_LIMITS = {}

# --- API -------------------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000

# --- platform composition: each app contributes through these dotted paths -------------------------
SIB_NAVIGATION = [
    "sib.academy.navigation.items",
    "sib.accounts.navigation.items",
    "sib.credentials.navigation.items",
    "sib.surveys.navigation.items",
    "sib.knowledge.navigation.items",
    "sib.brokerage.navigation.items",
    "sib.studio.navigation.items",
    "sib.events.navigation.items",
    "sib.reports.navigation.items",
    "sib.core.navigation.items",
]
# A person's roles, read once per request as one UNION (`sib.core.roles.person_roles`): each app's
# `role_reads(user)` returns querysets of `role_rows(...)` (kind, id, name).
SIB_ROLE_READS = [
    "sib.academy.policies.role_reads",
    "sib.surveys.policies.role_reads",
    "sib.events.policies.role_reads",
]
SIB_HOME_PANELS = [
    "sib.academy.home.panels",
    "sib.credentials.home.panels",
    "sib.surveys.home.panels",
    "sib.knowledge.home.panels",
    "sib.brokerage.home.panels",
    "sib.studio.home.panels",
    "sib.events.home.panels",
    "sib.accounts.home.panels",
]
# The anonymous home page: `front_door(request)` returns what an app offers the public now (open
# calls, upcoming events, how to verify a credential), or [] when it has nothing to show.
SIB_FRONT_DOOR = [
    "sib.academy.front.front_door",
    "sib.credentials.front.front_door",
    "sib.brokerage.plugins.front_door",
    "sib.studio.plugins.front_door",
    "sib.events.front.front_door",
]
SIB_DEMO_LOADERS = [
    "sib.accounts.demo.load",
    "sib.academy.demo.load",
    "sib.credentials.demo.load",
    "sib.surveys.demo.load",
    "sib.knowledge.demo.load",
    "sib.brokerage.demo.load",
    "sib.studio.demo.load",
    "sib.events.demo.load",
]
# Sections later apps add to the pages of lower ones: `sections(request, *, page, obj)` returns
# panels; academy asks on its "programme", "enrolment" (progress) and "session" pages.
SIB_PAGE_SECTIONS = [
    "sib.surveys.catalogue.sections",
    "sib.knowledge.academy.sections",
    "sib.academy.privacy_sections.sections",
    "sib.studio.challenges.sections",
    "sib.events.studio.sections",
]
# Each enrolment's credential state (`states(*, enrolment_ids=..., edition_ids=...) -> {id: state}`):
# the one rule behind "certified" in every figure and a person's status sentence (decision 0565).
SIB_CREDENTIAL_STATES = ["sib.credentials.selectors.credential_states"]
# What a consent's withdrawal changes: `withdrawn(*, record)` of each app (sib.academy.consents).
SIB_CONSENT_WITHDRAWN = ["sib.academy.consents.withdrawn", "sib.events.privacy.consent_withdrawn"]
# Plain text of academy content (module descriptions) with the links a later app adds:
# `linker(*, language)` returns a function text -> safe HTML, or None (the next one is asked).
SIB_TEXT_LINKERS = ["sib.knowledge.academy.text_linker"]
# Synthetic data for benchmarks: each callable takes (scale=Scale, rng=Random, stdout=...).
SIB_SEEDERS: list[str] = [
    "sib.academy.seed.seed",
    "sib.surveys.seed.seed",
    "sib.brokerage.seed.seed",
    "sib.studio.seed.seed",
    "sib.events.seed.seed",
]

# `sib backup` adds what these return ({name: bytes}) to the archive; `sib restore` hands them to
# the checks, which answer notes for the operator.
SIB_BACKUP_EXTRAS = ["sib.credentials.backup.public_key"]
SIB_RESTORE_CHECKS = ["sib.credentials.backup.check_restored"]

# A person's data: each app's `PersonalData` (covered models, `export`, `erase`), in dependency
# order; erasure runs them in reverse. See sib.core.privacy and docs/privacy.md.
SIB_PERSONAL_DATA = [
    "sib.accounts.privacy.PERSONAL_DATA",
    "sib.accounts.privacy.CORE_PERSONAL_DATA",
    "sib.academy.privacy.PERSONAL_DATA",
    "sib.credentials.privacy.PERSONAL_DATA",
    "sib.surveys.privacy.PERSONAL_DATA",
    "sib.knowledge.privacy.PERSONAL_DATA",
    "sib.brokerage.privacy.PERSONAL_DATA",
    "sib.studio.privacy.PERSONAL_DATA",
    "sib.events.privacy.PERSONAL_DATA",
    "sib.reports.privacy.PERSONAL_DATA",
]

# Retention (docs/privacy.md): `sib purge`, daily from cron, runs these purgers in order.
SIB_RETENTION = [
    "sib.core.retention.purge",
    "sib.academy.privacy.purge",
    "sib.events.privacy.purge",
    "sib.reports.privacy.purge",
    "sib.brokerage.privacy.purge",
]
# The audit trail (who did what, when, from where) is kept this long (5 years: funders' audits).
SIB_AUDIT_RETENTION_DAYS = env.int("SIB_AUDIT_RETENTION_DAYS", 5 * 365)
# Registrations lose name, address and answers this long after their event ended.
SIB_REGISTRATION_RETENTION_DAYS = env.int("SIB_REGISTRATION_RETENTION_DAYS", 365)
# Comments by residents without an account: unconfirmed ones are deleted after this many days;
# confirmed ones lose the e-mail address this long after their consultation closed.
SIB_GUEST_COMMENT_PENDING_DAYS = env.int("SIB_GUEST_COMMENT_PENDING_DAYS", 7)
SIB_GUEST_COMMENT_EMAIL_DAYS = env.int("SIB_GUEST_COMMENT_EMAIL_DAYS", 180)
# Generated report files (PDF, XLSX) are deleted this long after they were asked for.
SIB_REPORT_FILE_RETENTION_DAYS = env.int("SIB_REPORT_FILE_RETENTION_DAYS", 30)
# --- academy ---------------------------------------------------------------------------------------
# Applications that were not accepted lose their personal data this many days after their edition
# ends (`sib purge-applications`, from cron); the consent text promises it.
SIB_APPLICATION_RETENTION_DAYS = env.int("SIB_APPLICATION_RETENTION_DAYS", 365)
if (
    min(
        SIB_AUDIT_RETENTION_DAYS,
        SIB_REGISTRATION_RETENTION_DAYS,
        SIB_REPORT_FILE_RETENTION_DAYS,
        SIB_APPLICATION_RETENTION_DAYS,
        SIB_MAIL_RETENTION_DAYS,
        SIB_GUEST_COMMENT_PENDING_DAYS,
        SIB_GUEST_COMMENT_EMAIL_DAYS,
    )
    < 1
):
    raise ImproperlyConfigured("Retention periods (SIB_*_RETENTION_DAYS) must be 1 day or more")

# --- knowledge ------------------------------------------------------------------------------------
# Largest course material file people may upload (megabytes).
SIB_MATERIAL_MAX_MB = env.int("SIB_MATERIAL_MAX_MB", 20)
# --- studio ------------------------------------------------------------------------------------
# Largest file a project team may upload to its project (megabytes).
SIB_PROJECT_FILE_MAX_MB = env.int("SIB_PROJECT_FILE_MAX_MB", 20)
# --- events ------------------------------------------------------------------------------------
# A registration waits this many minutes for its address to be confirmed from the e-mailed link,
# holding its seat (or its place in the queue); then it expires and the seat is free again.
SIB_EVENT_HOLD_MINUTES = env.int("SIB_EVENT_HOLD_MINUTES", 30)

# --- surveys and reports ---------------------------------------------------------------------------
# A survey's single reminder goes to those who have not answered this many days after it opened.
SIB_SURVEY_REMINDER_AFTER_DAYS = env.int("SIB_SURVEY_REMINDER_AFTER_DAYS", 3)
# Report sections and funder indicators are contributed by providers (dotted paths), so a later
# capability adds its own without editing the reports app. A later indicator provider may refine
# a key an earlier one defined (the last definition of a key wins). See docs/development.md.
SIB_REPORT_SECTIONS = [
    "sib.reports.providers.academy.sections",
    "sib.reports.providers.surveys.sections",
    "sib.brokerage.reporting.sections",
    "sib.studio.reporting.sections",
    "sib.events.reporting.sections",
]
SIB_INDICATORS = [
    "sib.reports.providers.academy.indicators",
    "sib.reports.providers.surveys.indicators",
    "sib.brokerage.reporting.indicators",
    "sib.studio.reporting.indicators",
    "sib.events.reporting.indicators",
]

# json: one JSON object per line (the default in production, for log collectors); text: for people.
SIB_LOG_FORMAT = env.str("SIB_LOG_FORMAT", "json" if PRODUCTION else "text")
if SIB_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("SIB_LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "sib.core.logs.RequestIdFilter"},
        "database_outage": {"()": "sib.core.logs.DatabaseOutageFilter"},
    },
    "formatters": {
        "json": {"()": "sib.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "database_outage"],
            "formatter": SIB_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("SIB_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- production refuses unsafe settings ----------------------------------------------------------------------
if PRODUCTION:
    problems = []
    if DEBUG:
        problems.append("SIB_DEBUG is on")
    if SECRET_KEY in {"", DEFAULT_SECRET_KEY} or len(SECRET_KEY) < 32:
        problems.append("SIB_SECRET_KEY is unset, the default, or shorter than 32 characters")
    if not SIB_STAFF_MFA:
        problems.append("SIB_STAFF_MFA is off (staff must use two-factor authentication)")
    if not SIB_RATE_LIMITS_ENABLED:
        problems.append("SIB_RATE_LIMITS_ENABLED is off")
    if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        problems.append("the local-memory cache is not shared between processes")
    if SIB_HOSTS_COUNT > 1:
        several = f"SIB_HOSTS_COUNT={SIB_HOSTS_COUNT} declares several hosts"
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
            problems.append(f"{several}, but SQLite lives on one machine; use PostgreSQL")
        if STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
            problems.append(
                f"{several}, but files are stored in a local folder; set SIB_STORAGE_URL=s3://..."
            )
    if problems:
        raise ImproperlyConfigured("Production settings refused: " + "; ".join(problems))
