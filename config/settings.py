"""One settings module, configured from environment variables.

SQLite in ``var/`` is the default so a fresh clone runs with no server;
set ``DATABASE_URL`` for PostgreSQL. Production must set ``SECRET_KEY``:
without it the app only starts when ``DEBUG`` is on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting; anything not clearly yes or no stops the app with a message."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is neither yes nor no: use 1/0, true/false, yes/no or on/off."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG")
TESTING = env_bool("TESTING")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("Set the SECRET_KEY environment variable (or DEBUG=1 locally).")
    SECRET_KEY = "insecure-local-development-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    "simple_history",
    "csp",
    "axes",
    "inspections",
    "tracker",
    "accounts",
]
# Development tools (the scale-data generator) never ship in a real service: on by
# default only where DEBUG or TESTING is.
DEV_TOOLS = env_bool("DEV_TOOLS", default=DEBUG or TESTING)
if DEV_TOOLS:
    INSTALLED_APPS.append("bench.scale_data")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view is marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed-in pages are never kept by the browser or a proxy (Back after sign-out).
    "accounts.middleware.NoStoreWhenSignedIn",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "tracker.context_processors.navigation",
                "accounts.context_processors.sign_in",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection is checked before each request reuses it, so the
        # first request after a database restart reconnects instead of failing.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tracker:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# GOV.UK Frontend's files, as `npm ci` installs them (elsewhere for a build that vendors them).
GOVUK_FRONTEND_DIR = Path(
    os.environ.get("GOVUK_FRONTEND_DIR", BASE_DIR / "node_modules" / "govuk-frontend" / "dist")
)
STATICFILES_DIRS = [GOVUK_FRONTEND_DIR, BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serving straight from the finders reads every GOV.UK Frontend file each time the middleware
# starts, which the test client does for every test; the tests' live server serves static
# files through Django's own handler instead.
WHITENOISE_USE_FINDERS = DEBUG

# Evidence and imported source documents: never under STATIC_ROOT or any
# public URL; only permission-checked views read them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "private-media"))
MEDIA_URL = None

# --- Security ---------------------------------------------------------------
# docs/security.md explains the threat model behind these settings.

# Sessions end after eight hours (a working day) or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Evidence may describe children's cases: stored files are readable by the
# app's own account only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Content Security Policy (django-csp): scripts, styles, images and fonts from
# this site only; nothing inline, nothing framed, forms post only here. The
# templates keep to it: no inline <script>, <style> or style="" attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Sign-in throttling (django-axes). After AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that username cannot sign in from that address for
# AXES_COOLOFF_MINUTES: a guesser elsewhere cannot lock a person out. Locking by address
# alone would lock out a whole council, whose staff often share one outgoing address, after
# a few typos; so an address is limited separately, and more loosely: after
# SIGN_IN_ADDRESS_FAILURE_LIMIT wrong passwords for any usernames within the cool-off, it
# cannot sign in at all (accounts.backends.AddressLimitBackend), which stops spraying one
# password across many accounts. Attempts are recorded in the database, so every app server
# shares them. Off while testing, except in the tests that switch it on.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AddressLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", not TESTING)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 50)
AXES_RESET_ON_SUCCESS = True
# Without a proxy header setting axes reads REMOTE_ADDR; behind the HTTPS proxy set
# AXES_IPWARE_META_PRECEDENCE_ORDER to the header it writes (docs/security.md).
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("SIGN_IN_ADDRESS_HEADERS", "REMOTE_ADDR")
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"

# Single sign-on with OpenID Connect (accounts.backends.SingleSignOnBackend): on when
# OIDC_ISSUER is set. The provider's endpoints are read from its discovery document; a
# person signs in when the provider vouches for an email address that belongs to an active
# account here. Nobody is created by signing in. docs/security.md explains the set-up for
# Microsoft Entra ID.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
SSO_ENABLED = bool(OIDC_ISSUER)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
if SSO_ENABLED and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("Single sign-on needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "email")
OIDC_REQUIRE_EMAIL_VERIFIED = env_bool("OIDC_REQUIRE_EMAIL_VERIFIED", True)
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso-callback"
# Local passwords: on unless single sign-on is, when they are off unless asked for (for
# example to keep a superuser's break-glass account).
LOCAL_PASSWORDS = env_bool("LOCAL_PASSWORDS", not SSO_ENABLED)
if SSO_ENABLED:
    AUTHENTICATION_BACKENDS.append("accounts.backends.SingleSignOnBackend")
if not LOCAL_PASSWORDS:
    if not SSO_ENABLED:
        raise ImproperlyConfigured("LOCAL_PASSWORDS is off and OIDC_ISSUER is not set.")
    AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "accounts.backends.SingleSignOnBackend",
    ]

# Audit: history rows are a record, so the admin shows them but cannot revert
# an object to an old version (that would be an edit nobody reviewed).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Absolute links in emails (reminders) start with this.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "improvement-tracker@localhost")

# Importing Ofsted documents.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)

# Tracking actions.
RAG_AMBER_WITHIN_DAYS = env_int("RAG_AMBER_WITHIN_DAYS", 14)
ACTION_PLAN_WORKING_DAYS = env_int("ACTION_PLAN_WORKING_DAYS", 70)
PRIORITY_ACTION_DRAFT_PLAN_WORKING_DAYS = env_int("PRIORITY_ACTION_DRAFT_PLAN_WORKING_DAYS", 20)
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
REMINDER_WITHIN_DAYS = env_int("REMINDER_WITHIN_DAYS", 14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
