"""Settings for the dot-marketing console, all read from the environment.

Every variable is documented in `.env.example`. With nothing set, the console runs
in development mode on the embedded local DynamoDB (see marketing/localdb).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from campaigns.emv_values import BadEmvValues, parse_emv_values
from marketing.logging_config import build_logging

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# botocore reads these itself and treats an empty AWS_PROFILE as a profile named "";
# an empty line copied from .env.example must mean "not set".
for _name in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
    if os.environ.get(_name) == "":
        del os.environ[_name]

DEBUG = env.bool("DJANGO_DEBUG", default=True)


def _development_secret(name: str, make) -> str:
    """A per-checkout secret kept under var/ (development only), made once by `make()`."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    # Kept under var/ so sessions survive restarts.
    SECRET_KEY = _development_secret("dev-secret-key", lambda: secrets.token_urlsafe(50))

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "marketing.apps.ConsoleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "marketing.apps.LoginLockoutConfig",
    "marketing.apps.MarketingConfig",
    "stores",
    "creators",
    "matches",
    "campaigns",
    "audit",
]

MIDDLEWARE = [
    # First: the request id is there for every log line and every response, 500s included.
    "marketing.request_id.RequestIdMiddleware",
    # The DynamoDB calls and time of each request, in its Server-Timing header.
    "marketing.dynamo.request_calls.RequestCallsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketing.middleware.ConsoleLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketing.middleware.DynamoUnavailableMiddleware",
    # Last: turns a locked-out login into the lockout page (see "Login lockout" below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketing.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "marketing.wsgi.application"
ASGI_APPLICATION = "marketing.asgi.application"

# The ORM holds only what Django itself needs: staff users, groups, sessions.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# --- Login lockout (django-axes) ------------------------------------------------
# The axes backend comes first: it refuses a locked-out user or address before any
# password is checked. Superusers unlock under "Login lockouts" in the console, or with
# `python manage.py axes_reset_username USER` / `axes_reset_ip ADDRESS` / `axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Each is counted and locked on its own: a user name from any address, an address for
# any user name.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
_cooloff_minutes = env.int("AXES_COOLOFF_MINUTES", default=15)
# 0: locked until a superuser unlocks. Otherwise failures older than this stop counting.
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes > 0 else None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "marketing.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "marketing.client_ip.client_ip"
AXES_VERBOSE = False
# Where the client's address comes from: the connection (REMOTE_ADDR) unless the console
# runs behind proxies that add it to a header. Then name the header and how many proxies
# append to it; the address the outermost trusted proxy saw is used, so a client cannot
# pick its own by sending the header itself.
CONSOLE_CLIENT_IP_HEADER = env.str("CONSOLE_CLIENT_IP_HEADER", default="")
CONSOLE_TRUSTED_PROXY_COUNT = env.int("CONSOLE_TRUSTED_PROXY_COUNT", default=1)

# No upload keeps more than this on disk or in memory (the largest form takes 8 MB).
FILE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "marketing.uploads.SizeCappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- DynamoDB -------------------------------------------------------------------
LOCAL_DYNAMODB_PORT = env.int("LOCAL_DYNAMODB_PORT", default=8001)
LOCAL_DYNAMODB_DIR = Path(env.str("LOCAL_DYNAMODB_DIR", default=str(VAR_DIR / "dynamodb")))
if not LOCAL_DYNAMODB_DIR.is_absolute():
    LOCAL_DYNAMODB_DIR = BASE_DIR / LOCAL_DYNAMODB_DIR

_endpoint = env.str("DYNAMODB_ENDPOINT_URL", default="")
_has_aws_credentials = bool(
    env.str("AWS_ACCESS_KEY_ID", default="") or env.str("AWS_PROFILE", default="")
)
if _endpoint.lower() == "aws" or (not _endpoint and _has_aws_credentials):
    # Real AWS: botocore finds the endpoint and the credentials itself.
    DYNAMODB_ENDPOINT_URL = None
    DYNAMODB_USES_EMBEDDED_SERVER = False
elif _endpoint:
    DYNAMODB_ENDPOINT_URL = _endpoint
    DYNAMODB_USES_EMBEDDED_SERVER = False
else:
    DYNAMODB_ENDPOINT_URL = f"http://127.0.0.1:{LOCAL_DYNAMODB_PORT}"
    DYNAMODB_USES_EMBEDDED_SERVER = True

DYNAMODB_REGION = env.str(
    "AWS_REGION", default=env.str("AWS_DEFAULT_REGION", default="ap-northeast-2")
)
DYNAMODB_TABLE_PREFIX = env.str("DYNAMODB_TABLE_PREFIX", default="dot-marketing-")
# Every DynamoDB call is measured (marketing/dynamo/metrics.py); each process adds its
# figures to per-minute items in the stores table every this many seconds and at exit.
DYNAMODB_METRICS = env.bool("DYNAMODB_METRICS", default=True)
DYNAMODB_METRICS_FLUSH_SECONDS = env.int("DYNAMODB_METRICS_FLUSH_SECONDS", default=10)
# On AWS: each flush also logs the figures as CloudWatch embedded metrics (alarms).
DYNAMODB_METRICS_EMF = env.bool("DYNAMODB_METRICS_EMF", default=False)

# --- Console --------------------------------------------------------------------
CONSOLE_ADMIN_USERNAME = env.str("CONSOLE_ADMIN_USERNAME", default="admin")
CONSOLE_ADMIN_PASSWORD = env.str("CONSOLE_ADMIN_PASSWORD", default="")
# `make run` loads a small demo (seed_demo) into an empty embedded database unless false;
# an empty value is the default.
CONSOLE_DEMO_DATA = (
    env.bool("CONSOLE_DEMO_DATA", default=True)
    if env.str("CONSOLE_DEMO_DATA", default="").strip()
    else True
)

# One JSON object a line (python-json-logger) in production, text in development; every
# line carries the request id (marketing/request_id.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="") or ("text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = build_logging(LOG_FORMAT, env.str("DJANGO_LOG_LEVEL", default="INFO"))

# --- Production hardening (python manage.py check --deploy) ---------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# --- Creators -------------------------------------------------------------------
YOUTUBE_API_BASE_URL = env.str(
    "YOUTUBE_API_BASE_URL", default="https://www.googleapis.com/youtube/v3"
).rstrip("/")
YOUTUBE_API_KEY = env.str("YOUTUBE_API_KEY", default="")
# Units a day (the API's own default quota is 10,000); a sync stops before exceeding it.
YOUTUBE_DAILY_QUOTA = env.int("YOUTUBE_DAILY_QUOTA", default=10000)
# How many recent uploads the averages and the engagement rate are computed over.
YOUTUBE_RECENT_VIDEOS = env.int("YOUTUBE_RECENT_VIDEOS", default=10)


def _new_encryption_key() -> str:
    import base64

    return "dev1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


# "id:base64key,id:base64key": the first seals new values, all of them open old ones.
CONSOLE_ENCRYPTION_KEYS = env.str("CONSOLE_ENCRYPTION_KEYS", default="")
if not CONSOLE_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CONSOLE_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is false "
            "(generate one with `python -m creators.crypto`)."
        )
    CONSOLE_ENCRYPTION_KEYS = _development_secret("dev-encryption-keys", _new_encryption_key)

# --- Outreach e-mail ------------------------------------------------------------
# Where e-mail goes: EMAIL_URL (django-environ's email URL: smtp://user:pass@host:587,
# smtp+tls://..., smtp+ssl://..., filemail:///var/mail, consolemail://). Unset: files
# under var/mail/ that staff can open (check --deploy warns about that in production).
EMAIL_URL = env.str("EMAIL_URL", default="")
_email = environ.Env.email_url_config(EMAIL_URL) if EMAIL_URL else {}
EMAIL_BACKEND = _email.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(_email.get("EMAIL_FILE_PATH") or VAR_DIR / "mail")
if not EMAIL_FILE_PATH.is_absolute():
    EMAIL_FILE_PATH = BASE_DIR / EMAIL_FILE_PATH
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_PORT = _email.get("EMAIL_PORT") or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
# Seconds the mail server may take to answer. A send it stops answering mid-way is marked
# "outcome unknown" and never sent again automatically (it may have gone out).
EMAIL_TIMEOUT = int(env.str("EMAIL_TIMEOUT", default="") or 30)
# Who the outreach comes from. The name and contact are printed in every message
# (정보통신망법 Art. 50(4): the sender's name and contact); replies go to the from address.
# An empty line copied from .env.example means "the default", as everywhere here.
OUTREACH_FROM_EMAIL = env.str("OUTREACH_FROM_EMAIL", default="") or "outreach@localhost"
DEFAULT_FROM_EMAIL = OUTREACH_FROM_EMAIL
OUTREACH_SENDER_NAME = env.str("OUTREACH_SENDER_NAME", default="") or "dot-marketing"
OUTREACH_SENDER_CONTACT = env.str("OUTREACH_SENDER_CONTACT", default="") or OUTREACH_FROM_EMAIL
# The console's public address, for the opt-out links in messages (commands have no
# request to take it from). Default: http://127.0.0.1:8000 in development, else
# https://<first DJANGO_ALLOWED_HOSTS entry>.
OUTREACH_PUBLIC_BASE_URL = (
    env.str("OUTREACH_PUBLIC_BASE_URL", default="")
    or (
        "http://127.0.0.1:8000"
        if DEBUG or not ALLOWED_HOSTS
        else f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
    )
).rstrip("/")


def _new_hmac_key() -> str:
    import base64

    return "devh1:" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


# Keys of the do-not-contact list's address HMACs, apart from CONSOLE_ENCRYPTION_KEYS:
# "id:base64key,id:base64key", the current key first; keep old keys listed for look-ups.
CONSOLE_CONTACT_HMAC_KEYS = env.str("CONSOLE_CONTACT_HMAC_KEYS", default="")
if not CONSOLE_CONTACT_HMAC_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "CONSOLE_CONTACT_HMAC_KEYS must be set when DJANGO_DEBUG is false "
            "(generate one with `python -m matches.outreach.address_hmac h1`)."
        )
    CONSOLE_CONTACT_HMAC_KEYS = _development_secret("dev-contact-hmac-keys", _new_hmac_key)

# --- Matches --------------------------------------------------------------------
# A CONTACTED match with no response for this many days shows in "Needs follow-up".
MATCH_FOLLOW_UP_DAYS = env.int("MATCH_FOLLOW_UP_DAYS", default=5)

# Days the audit trail keeps a change (its `ttl`); backups older than an erasure expire
# by the same setting.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=400)
if MATCH_FOLLOW_UP_DAYS < 1:
    raise ImproperlyConfigured("MATCH_FOLLOW_UP_DAYS must be a whole number of days, 1 or more.")

# --- Campaigns --------------------------------------------------------------------
# Earned media value (an estimate shown as one): KRW per view and per engagement (like or
# comment) by platform; "default" prices a platform not listed.
# CAMPAIGN_EMV_VALUES="youtube=30/500,instagram=20/400,tiktok=10/300,default=10/300"
try:
    CAMPAIGN_EMV_VALUES = parse_emv_values(env.str("CAMPAIGN_EMV_VALUES", default=""))
except BadEmvValues as exc:
    raise ImproperlyConfigured(str(exc)) from None

# --- Matching -------------------------------------------------------------------
# Weights of a match score's components (matches/engine/scoring.py documents each):
# `name=weight` pairs, every component once, adding up to exactly 1. `manage.py check`
# reports a bad value (console.E004) and the engine refuses to run with one.
MATCH_WEIGHTS = env.str(
    "MATCH_WEIGHTS",
    default=(
        "category=0.25,location=0.20,audience=0.15,engagement=0.15,"
        "platform=0.10,freshness=0.05,reliability=0.10"
    ),
)
