#!/usr/bin/env bash
# Serve the app on 127.0.0.1:8000. With a broker configured, also run a Celery worker with beat,
# since tasks are then queued rather than run in the request.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${CELERY_BROKER_URL:-${REDIS_URL:-}}" ]; then
  .venv/bin/celery -A rbm worker --beat --loglevel=INFO --concurrency=2 &
  worker=$!
  trap 'kill $worker 2>/dev/null || true' EXIT
  echo "Celery worker started (pid $worker) on ${CELERY_BROKER_URL:-$REDIS_URL}"
fi
echo "RBM is at http://127.0.0.1:8000/  (Ctrl-C to stop)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
