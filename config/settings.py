"""Settings for the status-code reference, read from the environment.

Development needs no variables at all (SQLite, DEBUG on). Production sets
DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; see README.
"""

import os
from datetime import timedelta
from pathlib import Path

import corsheaders.defaults
import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "csp",
    "axes",
    "simple_history",
    "authoring",
    "reference",
    "comparisons",
    "wizard",
    "playground",
    "discovery",
    "inspector",
    "reports",
    "search",
    "errors",
    "clients",
]

# The ASGI server (config/asgi.py) runs only the playground, behind nginx, which serves /static/:
# whitenoise (sync-only) stays out of its chain, so every middleware there runs natively async.
ASGI = env_bool("DJANGO_ASGI", False)

MIDDLEWARE = [
    "config.middleware.BodylessResponseMiddleware",
    # Before any cache: a Host we do not serve is 400, whether or not the page is cached.
    "config.middleware.HostValidationMiddleware",
    "config.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS headers go on every API answer, including those served from the page cache.
    "corsheaders.middleware.CorsMiddleware",
    "config.middleware.JSONErrorsMiddleware",
    *([] if ASGI else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "authoring.caching.PageCacheMiddleware",
    # gzip for what the page cache does not store; stored pages are compressed once, when stored.
    "authoring.caching.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    "authoring.lockout.AddressThrottleMiddleware",
    "playground.middleware.RateLimitMiddleware",
]

# RFC 9112 §3.2: an HTTP/1.1 request without Host is answered 400 (tests/conftest.py turns this
# off for Django's test client, which sends none).
REQUIRE_HOST_HEADER = True

# Proxies whose X-Forwarded-For we believe (addresses or networks); `make serve` sets its nginx.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")

ROOT_URLCONF = "config.urls"

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
                "config.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database must fail fast (and answer 503), not hold a worker for minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttles failed logins before checking them
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

# Caching: a shared Redis when REDIS_URL is set (several app servers), else per-process memory.
# Both are bounded: memory by entry count (a stored page is about 40 KB in its three encodings),
# Redis by its own maxmemory with an LRU policy (see README), and every key expires.
REDIS_URL = os.environ.get("REDIS_URL")
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(60 * 60)))
# Stored pages each process also keeps unpickled, most recently served first (0: none).
PAGE_RECENT_PAGES = int(os.environ.get("PAGE_RECENT_PAGES", "128"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": PAGE_CACHE_SECONDS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "statuscodes",
            "TIMEOUT": PAGE_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "1000"))},
        }
    }

# Cache-Control of shared pages (authoring.caching.shared_cache_control): browsers keep a page a
# minute, shared caches (a CDN) an hour, and may serve it stale while revalidating or while the
# origin fails. PROXY_CACHE_SECONDS is how long our own nginx keeps a page before it revalidates
# (sent as X-Accel-Expires, which only nginx reads): edits show through it within about a second.
PAGE_BROWSER_MAX_AGE = int(os.environ.get("PAGE_BROWSER_MAX_AGE", "60"))
PAGE_SHARED_MAX_AGE = int(os.environ.get("PAGE_SHARED_MAX_AGE", "3600"))
PAGE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_STALE_WHILE_REVALIDATE", "600"))
PAGE_STALE_IF_ERROR = int(os.environ.get("PAGE_STALE_IF_ERROR", str(60 * 60 * 24)))
PROXY_CACHE_SECONDS = int(os.environ.get("PROXY_CACHE_SECONDS", "1"))

# The JSON API is open to every origin, for reading only; so is the playground (/try/), for any
# method and request header (a wildcard covers all but Authorization, listed in the defaults),
# exposing every response header to scripts. No credentials anywhere.
CORS_URLS_REGEX = r"^/(api|try)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"]
CORS_ALLOW_HEADERS = [*corsheaders.defaults.default_headers, "*"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "*"]

# Where the shipped content files live; load_content reads them, export_content writes them.
CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR))

# The site's public origin, used in absolute links (canonical URLs, curl examples).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security: strict by default; HTTPS-only settings switch on in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Off only for `make serve` on plain-HTTP loopback, where no TLS exists to protect them.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)

# Content-Security-Policy (django-csp): no inline scripts or styles anywhere; only the embed
# card may be framed (it relaxes frame-ancestors for itself).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
    "browsing-topics": [],
}

# Admin login throttling. django-axes: 5 failures for one username from one address lock that pair
# for 15 minutes; never the username alone, so an attacker elsewhere cannot lock a real author out.
# authoring.lockout: 20 failures from one address, whatever the usernames, lock the address (password
# spraying). The address is the real client's (TrustedProxyMiddleware), never a forged header.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.middleware.client_address"
AXES_LOCKOUT_CALLABLE = "authoring.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Files served at the site root by whitenoise (favicon.ico, which browsers ask for unprompted).
# They have no content hash in their names, yet change about never, so they get a year too.
WHITENOISE_ROOT = BASE_DIR / "public"
ROOT_FILES_MAX_AGE = 60 * 60 * 24 * 365


def add_root_file_headers(headers, path, url):
    if Path(path).parent == WHITENOISE_ROOT:
        headers["Cache-Control"] = f"public, max-age={ROOT_FILES_MAX_AGE}"


WHITENOISE_ADD_HEADERS_FUNCTION = add_root_file_headers

# One line per log record: Django's own "django" logger would print through its console
# handler and again through the root's; it keeps no handler and propagates to the root.
LOGGING["loggers"] = {
    "django": {"handlers": [], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING"), "propagate": True},
}

# Playground (/try/, /lab/): requests per address per minute before 429 with Retry-After.
PLAYGROUND_RATE_LIMIT = int(os.environ.get("PLAYGROUND_RATE_LIMIT", "300"))
