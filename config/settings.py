"""Settings for Thi đua – Khen thưởng, read from environment variables.

Defaults are for development on a laptop: SQLite, tasks run in-process, debug on.
Production uses ``config.settings_production`` (see docs/operations.md).
"""

import datetime
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# PRODUCTION: set by config.settings_production (or PRODUCTION=1): no demo data, no demo password.
# DEMO: this installation is a demonstration (the demo logins and their known password are allowed).
PRODUCTION = env.bool("PRODUCTION", default=False)
DEMO = env.bool("DEMO", default=not PRODUCTION)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Our apps first: for a msgid that both translate, the earlier app's catalogue wins, so the app's own
    # Vietnamese (Xóa, not the admin's "Gỡ bỏ") is what the user reads.
    "emulation",
    "blocs",
    "campaigns",  # after blocs: a campaign may be scoped to blocs (and its demo needs theirs)
    "pledges",
    "awards",
    "reports",
    "imports",
    "api",
    "emulation.admin_apps.AdminConfig",  # django.contrib.admin for administrators only (emulation.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # its own static files: the API docs page (Swagger UI) works offline
]

MIDDLEWARE = [
    # first: the load balancer's /healthz is answered before host checks, sessions and HTTPS redirects
    "emulation.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "emulation.middleware.TwoFactorMiddleware",
    "emulation.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "emulation.middleware.DomainErrorMiddleware",
    # last, as django-axes asks: it turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp), the same in every setting: scripts, styles, images, fonts and requests
# only from this site, no inline script, style attribute or event handler (static/js/app.js binds behaviour
# through data- attributes), no plugins, no framing. A file sent by emulation.downloads keeps its own
# stricter "sandbox" policy. CSP_REPORT_URI (optional) names where browsers report a refused resource.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its small icons (toggler, select arrow) as data: SVG
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if env("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("CSP_REPORT_URI")]

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
                "django.template.context_processors.i18n",
                "emulation.context_processors.workspace",
            ],
            "builtins": ["emulation.templatetags.tdkt"],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20})
else:
    # Persistent connections: a request reuses its worker's connection instead of opening one (a few ms of
    # TCP, authentication and backend start each time); checked before reuse so a restarted server costs one
    # failed request at most. DB_CONN_MAX_AGE=0 opens one per request again.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=True)
    if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql") and env.bool(
            "DB_JIT_OFF", default=True):
        # PostgreSQL's JIT compiles the list pages' queries for tens of milliseconds to save less than it costs
        # (they read 50 rows); off for this app's connections only, not the whole server.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # first: refuses any login attempt for a locked-out account or address before a password is checked
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's rule with Vietnamese messages (Django's own answered in English)
    {"NAME": "emulation.security.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # outside a demo installation the demo logins' published password is refused
    {"NAME": "emulation.security.DemoPasswordValidator"},
]

# Login throttling (django-axes, attempts kept in the database so every host shares them): after
# AXES_FAILURE_LIMIT wrong passwords an account, and separately an address, is locked for
# AXES_COOLOFF_MINUTES; the board unlocks earlier from the "Locked logins" page.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "emulation.security.lockout_response"
AXES_VERBOSE = False
# Behind reverse proxies that append to X-Forwarded-For, TRUSTED_PROXY_COUNT is their number (docs/operations.md).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "emulation.security.client_ip"

# Two-factor sign-in (django-otp, TOTP): every user may enrol from "My account"; with TWO_FACTOR_REQUIRED
# the roles in TWO_FACTOR_ROLES must enrol and verify before any other page.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
TWO_FACTOR_ROLES = env.list("TWO_FACTOR_ROLES", default=["admin", "board", "council"])
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="TĐKT")

# Sessions end after SESSION_IDLE_HOURS without a request (default a working day) and when the password
# changes (Django's session hash; the session that changed it stays signed in). A signed-in session's expiry
# moves on at most every SESSION_REFRESH_SECONDS (emulation.middleware.SessionIdleMiddleware).
SESSION_COOKIE_AGE = int(env.float("SESSION_IDLE_HOURS", default=9) * 3600)
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Object storage (several hosts, docs/operations.md): with STORAGE_S3_BUCKET set, every stored file (uploads,
# dossiers, evidence, imports, rendered and signed reports) goes to that bucket of an S3-compatible store (MinIO,
# Ceph RGW, AWS) instead of MEDIA_ROOT. A download is authorised by the app, then the browser is redirected to a
# presigned URL valid for STORAGE_URL_SECONDS; STORAGE_S3_PUBLIC_ENDPOINT_URL is the store's address as browsers
# reach it when it differs from AWS_S3_ENDPOINT_URL (the address the hosts use).
STORAGE_S3_BUCKET = env("STORAGE_S3_BUCKET", default="")
STORAGE_S3_PUBLIC_ENDPOINT_URL = env("STORAGE_S3_PUBLIC_ENDPOINT_URL", default="")
STORAGE_URL_SECONDS = env.int("STORAGE_URL_SECONDS", default=60)
if STORAGE_S3_BUCKET:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": STORAGE_S3_BUCKET,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
        "location": env("STORAGE_S3_PREFIX", default=""),
        # MinIO and Ceph answer path-style requests without a wildcard DNS name per bucket
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
        "file_overwrite": False,  # like the local disk: a name in use gets a new one, nothing is overwritten
        "default_acl": None,  # private objects: the bucket's own policy, never public-read
        "querystring_auth": True,
        "querystring_expire": STORAGE_URL_SECONDS,
    }}
# Local disk behind nginx: a download is authorised by the app and then sent by nginx from this internal
# location (X-Accel-Redirect), e.g. "/protected-media/" with `location /protected-media/ { internal;
# alias <MEDIA_ROOT>/; }`. Empty: the app streams the file itself (development).
STORAGE_X_ACCEL_PREFIX = env("STORAGE_X_ACCEL_PREFIX", default="")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Evidence and dossier uploads: size limit (bytes) and accepted extensions.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "odt", "ods"]

# Form widgets render through the project's template engine, so templates/django/forms/widgets/select.html (options
# written by one tag instead of two template includes each) replaces Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: unset EMAIL_URL keeps mail off (console in development).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_ENABLED = env.bool("EMAIL_ENABLED", default=bool(env("EMAIL_URL", default="")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="tdkt@localhost")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# The public address printed in the QR codes of certificates and decision annexes (the verification page
# /xac-minh/<token>/ needs no login). Empty: SITE_URL (or, on a page, the host the request came to).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="")
# The public verification page: at most this many lookups per client address per minute (0: no limit).
VERIFY_RATE_LIMIT_PER_MINUTE = env.int("VERIFY_RATE_LIMIT_PER_MINUTE", default=30)
# Behind a reverse proxy, the request header carrying the client's address (e.g. HTTP_X_REAL_IP); empty:
# REMOTE_ADDR. Set it only when the proxy overwrites that header.
RATELIMIT_IP_HEADER = env("RATELIMIT_IP_HEADER", default="")
# The cache holds what the hosts share besides the database: the rate-limit counters and the beat tasks'
# run-once locks (emulation.locks). Redis shared by every web process and worker when CACHE_URL is set
# (e.g. redis://127.0.0.1:6379/1; required with more than one host); otherwise each process keeps its own in
# memory. Login throttling (django-axes) keeps its state in the database, shared anyway.
CACHE_URL = env("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": "tdkt",
                          "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}}}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Digital signatures (emulation/signing, docs/signing.md). SIGNING_PROVIDER: "pkcs12" (the organisation's
# certificate file on the server), "remote" (a remote-signing service) or empty (signing off).
SIGNING_PKCS12_PATH = env("SIGNING_PKCS12_PATH", default="")
SIGNING_PKCS12_PASSWORD = env("SIGNING_PKCS12_PASSWORD", default="")
SIGNING_REMOTE_URL = env("SIGNING_REMOTE_URL", default="")
SIGNING_REMOTE_TOKEN = env("SIGNING_REMOTE_TOKEN", default="")
SIGNING_REMOTE_CREDENTIAL_ID = env("SIGNING_REMOTE_CREDENTIAL_ID", default="")
SIGNING_REMOTE_TIMEOUT = env.int("SIGNING_REMOTE_TIMEOUT", default=60)
SIGNING_PROVIDER = env("SIGNING_PROVIDER", default="pkcs12" if SIGNING_PKCS12_PATH else
                       ("remote" if SIGNING_REMOTE_URL else ""))
# The visible signature block on the last page: x1,y1,x2,y2 in points from the bottom left (A4 is 595 x 842);
# the default sits at the bottom right, where the signer's title and name stand.
SIGNING_BOX = tuple(int(v) for v in env.list("SIGNING_BOX", default=["320", "60", "565", "130"]))
SIGNING_LOCATION = env("SIGNING_LOCATION", default="")
# A folder of PEM/DER root certificates that signatures of uploaded PDFs must chain to.
SIGNING_TRUST_ROOTS = env("SIGNING_TRUST_ROOTS", default="")
SIGNING_FETCH_REVOCATION = env.bool("SIGNING_FETCH_REVOCATION", default=False)

# Celery: without a broker the tasks run eagerly, in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"reports.*": {"queue": "reports"}, "imports.*": {"queue": "imports"}}
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_TIMEZONE = TIME_ZONE
# A worker's pool process is replaced after this many tasks, or after a task that left it above this resident
# memory (KiB): WeasyPrint and openpyxl keep memory a long-lived process never gives back (prefork pool only).
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=50) or None
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_000_000) or None
# Deadline reminders go out this many days before a deadline (each reminder once per user).
REMINDER_DAYS_BEFORE = env.int("REMINDER_DAYS_BEFORE", default=3)

CELERY_BEAT_SCHEDULE = {
    "deadline-reminders": {"task": "emulation.send_deadline_reminders", "schedule": 6 * 3600},
    "reports-sweep": {"task": "reports.tasks.sweep_report_jobs", "schedule": 300},
    "jobs-sweep": {"task": "emulation.jobs.sweep", "schedule": env.int("JOBS_SWEEP_SECONDS", default=60)},
}

# Background jobs (emulation.jobs): a working worker writes a heartbeat every JOBS_HEARTBEAT_SECONDS; a
# running job silent for JOBS_STALE_AFTER_SECONDS has lost its worker and is sent again, up to
# JOBS_MAX_ATTEMPTS attempts, then failed with a message; a job whose dispatch failed (broker down) is
# sent again every JOBS_QUEUED_RETRY_SECONDS (by the beat sweep, or when its page polls).
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=10)
JOBS_STALE_AFTER_SECONDS = env.float("JOBS_STALE_AFTER_SECONDS", default=180)
JOBS_MAX_ATTEMPTS = env.int("JOBS_MAX_ATTEMPTS", default=3)
JOBS_QUEUED_RETRY_SECONDS = env.float("JOBS_QUEUED_RETRY_SECONDS", default=30)
# Tests only (set in a test worker's environment): sleep at each progress point; kill the worker there.
JOBS_TEST_DELAY_SECONDS = env.float("JOBS_TEST_DELAY_SECONDS", default=0)
JOBS_TEST_KILL_WORKER = env.bool("JOBS_TEST_KILL_WORKER", default=False)

# Spreadsheets we read (imports, criteria): bounds checked from the ZIP directory and each sheet's <dimension>
# before reading, in the request and in the worker (emulation.uploads.xlsx_bounds_problem).
XLSX_MAX_UNCOMPRESSED_BYTES = env.int("XLSX_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)
XLSX_MAX_COMPRESSION_RATIO = env.int("XLSX_MAX_COMPRESSION_RATIO", default=100)
XLSX_MAX_ROWS = env.int("XLSX_MAX_ROWS", default=100_000)
XLSX_MAX_COLUMNS = env.int("XLSX_MAX_COLUMNS", default=200)
XLSX_MAX_CELLS = env.int("XLSX_MAX_CELLS", default=5_000_000)

# Imports: files with more rows than this are checked and imported by a Celery job.
IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", default=2000)

# Data API (/api/v1/): requests per token per minute (429 beyond), page sizes of the lists.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
NINJA_PAGINATION_PER_PAGE = env.int("API_PAGE_SIZE", default=100)
NINJA_PAGINATION_MAX_LIMIT = env.int("API_MAX_PAGE_SIZE", default=500)

# The load balancer's health URL (/healthz, emulation.health): "ok" or 503 for everyone; the checks one by one
# for a request carrying the header "X-Health-Token: <HEALTH_TOKEN>" (empty: no token accepted) or a board
# user. The broker and storage checks are reused for HEALTH_CACHE_SECONDS.
HEALTH_TOKEN = env("HEALTH_TOKEN", default="")
HEALTH_CACHE_SECONDS = env.float("HEALTH_CACHE_SECONDS", default=5)

# Tests: when set, a test that would skip for lack of PostgreSQL or Redis fails instead.
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
