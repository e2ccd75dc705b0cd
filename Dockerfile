# syntax=docker/dockerfile:1
# Production image: the same commands as the README's deploy section.

FROM python:3.13-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /venv
COPY requirements.txt .
RUN /venv/bin/pip install -r requirements.txt

FROM python:3.13-slim-bookworm AS app
ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=ankleapp.settings \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000 \
    GUNICORN_BIND=0.0.0.0:8000
WORKDIR /app
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app
COPY --from=build /venv /venv
COPY . .
# Hashed, compressed static files are built into the image; the key is only for this step.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/data /app/media && chown -R app:app /app/data /app/media
USER 10001:10001
EXPOSE 8000
# Asked on loopback from inside the container: answered before the host check and exempt
# from the HTTPS redirect, so it passes under the production settings (tests/security).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"]
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn ankleapp.wsgi -c gunicorn.conf.py"]
