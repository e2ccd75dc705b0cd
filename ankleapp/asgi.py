"""ASGI entry point (the app is served with WSGI; this is here for completeness)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ankleapp.settings")

application = get_asgi_application()
