"""Settings for the test suite: the production settings with fast hashing and a fixed key.

Everything else (middleware, CSP, storage, database engine) stays as in production, so
the tests exercise what runs. DATABASE_URL still switches the suite to PostgreSQL.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from ankleapp.settings import *  # noqa: E402,F403

# Hashing with Argon2 on every test login would dominate the suite's time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
