"""Settings for the test suite: the production settings with fast hashing and a fixed key.

Everything else (middleware, CSP, storage, database engine) stays as in production, so
the tests exercise what runs; only WhiteNoise finds the static files another way (below).
DATABASE_URL still switches the suite to PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from ankleapp.settings import *  # noqa: E402,F403

# Hashing with Argon2 on every test login would dominate the suite's time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# WhiteNoise scans STATIC_ROOT (300 files, with their compressed variants) whenever a
# middleware chain is built, and a test client builds one: about 75 ms a client, 98 s of
# a 268 s run (tests/security build a fresh chain per client, for settings read at start).
# Its documented remedy for tests: look each file up when it is asked for. The files,
# headers and compression served are the same (tests/test_static_files.py asks both ways).
WHITENOISE_AUTOREFRESH = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Persistent connections would keep the live server's connection to the PostgreSQL test
# database open, so it could not be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# The in-process tests run in one process, so a local-memory "default" cache behaves as the
# shared one would and keeps DB-less tests DB-less. The concurrency and load tests run
# gunicorn with the real settings, database cache included.
# Same MAX_ENTRIES as production, so a test of eviction tells the truth.
CACHES = {  # noqa: F405
    **CACHES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES},  # noqa: F405
    },
}

# Every {% keep %} fragment is also rendered afresh and must match what was kept
# (ankleapp.cachedtags.KeepNode): a key that misses a value fails the test that shows it.
KEPT_FRAGMENTS_VERIFY = True
