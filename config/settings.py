"""Clearsight settings.

One file for every environment: production, the demo and the tests differ only by environment
variables (see .env.example). Nothing secret has a default. Read docs/adr/0006-settings.md.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
VAR_DIR = BASE_DIR / "var"  # the embedded default keeps its database and job queue here
VAR_DIR.mkdir(exist_ok=True)
# Local settings file (the demo writes one). CLEARSIGHT_ENV_FILE="" turns it off (the tests do).
ENV_FILE = os.environ.get("CLEARSIGHT_ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE, overwrite=False)

# ------------------------------------------------------------------ core
SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Served over HTTPS (production). Only the local demo and tests switch this off.
HTTPS = env.bool("HTTPS", default=True)
AUTHORITY_NAME = env.str("AUTHORITY_NAME", default="Demoshire County Council")
SERVICE_NAME = "Clearsight"
PHASE = env.str("PHASE", default="beta")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "huey.contrib.djhuey",
    "csp",
    "clearsight.core",
    "clearsight.organisation",
    "clearsight.casework",
    "clearsight.audits",
    "clearsight.feedback",
    "clearsight.performance",
    "clearsight.complaints",
    "clearsight.plans",
    "clearsight.lado",
    "clearsight.fostering",
    "clearsight.governance",
    "clearsight.accounts",
    "clearsight.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a request body, after the middleware that adds security headers.
    "clearsight.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clearsight.accounts.middleware.SessionLimitsMiddleware",
    "clearsight.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "clearsight.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "clearsight.core.context_processors.service",
                "clearsight.accounts.context_processors.navigation",
            ],
        },
    },
]
# GOV.UK markup for every Django form (docs/adr/0001-template-engine.md).
FORM_RENDERER = "clearsight.core.forms.GovukFormRenderer"

# ------------------------------------------------------------------ data
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'clearsight.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL and IMMEDIATE transactions: concurrent writers wait instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ------------------------------------------------------------------ background jobs (ADR 0003)
HUEY = {
    "name": "clearsight",
    "immediate": env.bool("HUEY_IMMEDIATE", default=False),
    "utc": True,
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if REDIS_URL:
    HUEY["huey_class"] = "huey.RedisHuey"
    HUEY["url"] = REDIS_URL
else:
    HUEY["huey_class"] = "huey.SqliteHuey"
    HUEY["filename"] = str(VAR_DIR / "jobs.sqlite3")

# ------------------------------------------------------------------ sign-in and sessions
AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:signed-out"
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "clearsight_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_WARNING_MINUTES = env.int("SESSION_WARNING_MINUTES", default=5)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# Roles that must use a second factor when they sign in with a local password.
MFA_REQUIRED_FOR_PRIVILEGED = env.bool("MFA_REQUIRED_FOR_PRIVILEGED", default=True)
OTP_TOTP_ISSUER = AUTHORITY_NAME + " Clearsight"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"  # rendered by axes with status 429
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind a load balancer every request comes from its address: count the proxies in front of
# the app so that axes reads the client's address from X-Forwarded-For instead.
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Optional OpenID Connect (Microsoft Entra ID or any provider), off unless configured.
OIDC_ENABLED = bool(env.str("OIDC_RP_CLIENT_ID", default=""))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("clearsight.accounts.oidc.ClearsightOIDCBackend")
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
    OIDC_USE_PKCE = True
    OIDC_CREATE_USER = env.bool("OIDC_CREATE_USER", default=False)
    OIDC_USERNAME_ALGO = "clearsight.accounts.oidc.username_from_claims"
    OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your council account")
    # Optional: the issuer the ID token must name (for Entra, .../<tenant id>/v2.0).
    OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
    # Our routes are namespaced (clearsight/accounts/urls.py), so name them for the library.
    OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"

# ------------------------------------------------------------------ security (ADR 0006)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [], "geolocation": [], "microphone": [], "payment": [], "usb": [],
}
# Request size limits: forms are small; uploads (child-level returns) are capped separately.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_MB", default=25) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# ------------------------------------------------------------------ change history (ADR 0005)
# Field-level history of records that matter. Bulk imports are recorded as ImportRecord rows
# instead (one per file, with checksum), because bulk writes bypass per-row history.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "organisation.User",
     "exclude_fields": ["password", "last_login"]},
    "organisation.RoleGrant",
    "organisation.Team",
    "organisation.ServiceArea",
    "organisation.Directorate",
    "organisation.Locality",
    "casework.Case",
    "casework.Child",
)
AUDITLOG_DISABLE_REMOTE_ADDR = True

# ------------------------------------------------------------------ email and GOV.UK Notify
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
if NOTIFY_API_KEY:
    EMAIL_BACKEND = "clearsight.core.notify.NotifyEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="clearsight@localhost")
# Case audits: remind the auditors and action owners this many working days before a deadline.
AUDIT_REMINDER_WORKING_DAYS = env.int("AUDIT_REMINDER_WORKING_DAYS", default=3)

# ------------------------------------------------------------------ i18n, time
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# ------------------------------------------------------------------ static files (ADR 0004)
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    ("govuk-frontend", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    BASE_DIR / "frontend" / "build",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Child-level national returns as loaded (originals and Parquet tables), and the indicator
# snapshots computed from them (ADR 0008). Never served over the web; back them up with the
# database.
RETURNS_DIR = env.path("RETURNS_DIR", default=VAR_DIR / "returns")
SNAPSHOTS_DIR = env.path("SNAPSHOTS_DIR", default=VAR_DIR / "snapshots")
# Governance packs as made (Word, PDF, Excel), kept with their SHA-256 so a board can see what
# it was given (ADR 0015). Aggregates only; back them up with the database.
PACKS_DIR = env.path("PACKS_DIR", default=VAR_DIR / "packs")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports each step of every PDF at INFO; only its warnings matter here.
    "loggers": {"django.db.backends": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
