"""Django settings for Stronger Ankles, read from environment variables.

Every setting has a safe default; production differs from development only
through the environment (see README "Configuration"). With no DATABASE_URL the
app runs on an embedded SQLite file so a fresh checkout works as it is.
"""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from ankleapp.env import env_bool, env_int, env_list, env_str
from ankleapp.logging import stdout_logging

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "routines",
    "tracking",
    "reminders",
    "portability",
    "progress",
]

MIDDLEWARE = [
    # X-Forwarded-* only from TRUSTED_PROXIES, before anything reads them.
    "ankleapp.middleware.trusted_proxy_headers",
    # Security headers on everything below; /healthz is exempt from the HTTPS redirect.
    "django.middleware.security.SecurityMiddleware",
    "ankleapp.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # SECURE_CSP as Django's ContentSecurityPolicyMiddleware sends it, built once (no nonces).
    "ankleapp.middleware.content_security_policy",
    # The container's own health probe (loopback, no proxy), before the host check.
    "ankleapp.middleware.loopback_health_check",
    # Before anything reads the body (CSRF, forms).
    "ankleapp.middleware.request_body_cap",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the user at once rather than through a lazy proxy.
    "ankleapp.middleware.AuthenticationMiddleware",
    "ankleapp.middleware.private_pages",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ankleapp.middleware.DatabaseWriteFailure",
    "reminders.middleware.clear_site_data_on_sign_out",
]

ROOT_URLCONF = "ankleapp.urls"
WSGI_APPLICATION = "ankleapp.wsgi.application"

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
            ],
            # {% url %} and {% static %} (without {% load static %}) with their answers kept per
            # process (ankleapp.cachedtags).
            "builtins": ["ankleapp.cachedtags"],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's, with the health check at each request's first statement asked of the
        # socket instead of the server (SELECT 1): ankleapp/db/postgresql/base.py.
        DATABASES["default"]["ENGINE"] = "ankleapp.db.postgresql"
        if env_bool("DATABASE_PREPARED_STATEMENTS", True):
            # Parameters sent apart from the SQL (server-side binding), and a statement run five
            # times on a connection is prepared: PostgreSQL then skips parsing and planning it.
            # A read here took 85 µs instead of 150 (wall time, PostgreSQL on the same host).
            # Off (False) behind a pooler that cannot keep them (PgBouncer in transaction mode).
            DATABASES["default"]["OPTIONS"] = {
                "server_side_binding": True,
                "prepare_threshold": 5,
                **DATABASES["default"].get("OPTIONS", {}),  # the URL's own options win
            }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(Path(env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")))),
            # Reopening the file and its schema on every request cost a fifth of Today's time.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            # Concurrent writers: WAL lets readers run beside a writer; IMMEDIATE takes the
            # write lock at BEGIN so two writers queue (busy timeout) instead of deadlocking.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Django's and allauth's backends, reading the signed-in user in plain SQL (accounts.backends).
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.NotBlankValidator"},
]

# Caches. "default" is shared by every app server, so allauth's rate limits hold across
# workers and machines: a database table unless REDIS_URL names a Redis server. (The daily
# plan is kept in each process's memory by routines.selectors, not in a cache.)
# The database cache culls a third of its entries when full: with Django's default of 300 a
# few hundred anonymous requests (each leaves rate-limit entries) would wipe every login
# lockout. CACHE_MAX_ENTRIES is far above what legitimate traffic leaves within the
# counters' lifetime (minutes). Redis keeps everything until it expires (no maxmemory).
CACHE_MAX_ENTRIES = env_int("CACHE_MAX_ENTRIES", 1_000_000)
REDIS_URL = env_str("REDIS_URL")
_shared_cache: dict[str, Any]
if REDIS_URL:
    _shared_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
else:
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},
    }
CACHES: dict[str, dict[str, Any]] = {
    "default": _shared_cache,
}

# Sessions live in the database, so logging out ends a session on every app server; with
# a shared Redis they are read through it.
# Django's db and cached_db engines, reading the session row in plain SQL (accounts.sessions).
SESSION_ENGINE = "accounts.sessions.cached_db" if REDIS_URL else "accounts.sessions.db"
# Flash messages ride in the session, not in a cookie (which carried the runner's email in
# readable base64).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# django-allauth: email is the login, no username.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Optional by default (a new runner starts at once). Mandatory in production: only then can
# sign-up hide whether an address already has an account, since it logs nobody in.
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if env_bool("ACCOUNT_EMAIL_VERIFICATION_REQUIRED") else "optional"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {"signup": "accounts.adapters.SignupForm", "login": "accounts.login.LoginForm"}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None  # the log-in form asks, ticked by default (accounts.login.LoginForm)
# A remembered sign-in lasts 30 days from when it was made, not sliding (no session write on
# every page): a runner signs in on their phone about once a month, and a stolen cookie dies.
# Unticked, the session ends when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 24 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Stronger Ankles] "
# The proxies in front of the app (addresses, as gunicorn sees them). X-Forwarded-For and
# X-Forwarded-Proto are dropped from any other sender (ankleapp.middleware), so a client
# reaching the app directly can neither claim HTTPS nor a fresh address per request.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# allauth's rate limits then take the client's address from the last X-Forwarded-For
# entry, the one our proxy appended: one proxy (nginx) by default when there is one.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ALLAUTH_TRUSTED_PROXY_COUNT", 1 if TRUSTED_PROXIES else 0)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SIGNUP_REDIRECT_URL = "home"

# Optional second factor: an authenticator app (TOTP) with recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Stronger Ankles"

# Email: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # configured through MAILERS; the old setting is deprecated in Django 6.1
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Stronger Ankles <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reminders: links in emails and the calendar feed address need the site's public address;
# Web Push is offered only when all three VAPID settings are set (manage.py vapid_keys).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY")
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# Request bodies: anything larger is refused from its Content-Length, unread (413), by
# ankleapp.middleware.request_body_cap; the proxy's client_max_body_size matches. Within
# the cap, uploads stay in memory (never spooled to disk).
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 4 * 1024 * 1024)
if MAX_REQUEST_BODY_BYTES < 3 * 1024 * 1024:
    raise ImproperlyConfigured("MAX_REQUEST_BODY_BYTES must be at least 3 MB (3145728): data imports (2 MB) need room.")
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
# Form fields (not files) stay within Django's default 2.5 MB: no form has a large text field.
DATA_UPLOAD_MAX_MEMORY_SIZE = min(2_621_440, MAX_REQUEST_BODY_BYTES)

# Security. HTTPS settings switch on with SECURE_SSL_REDIRECT (behind a TLS proxy).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Load balancers and the proxy may probe over plain HTTP (the host check still applies).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_SSL_REDIRECT)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", SECURE_SSL_REDIRECT)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:
    # __Host- cookies are only accepted over HTTPS, for this exact host and path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Logs go to stdout, one JSON object per line (LOG_FORMAT=plain for people reading a terminal).
LOGGING = {
    **stdout_logging(env_str("LOG_FORMAT", "plain" if DEBUG else "json")),
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

CSRF_FAILURE_VIEW = "ankleapp.views.csrf_failure"
