#!/usr/bin/env bash
# Run the whole suite on SQLite, then again on PostgreSQL when it is reachable.
# REQUIRE_SERVICES=1 (CI) turns an unreachable PostgreSQL or Redis into a failure instead of a skip.
set -euo pipefail
cd "$(dirname "$0")/.."
export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rbm}
export TEST_REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
unset DATABASE_URL CELERY_BROKER_URL REDIS_URL CELERY_RESULT_BACKEND CACHE_URL

echo "=== Test suite on SQLite ==="
.venv/bin/python -m pytest "$@"

if .venv/bin/python scripts/service_ready.py postgres "$TEST_DATABASE_URL"; then
  echo "=== Test suite on PostgreSQL ($TEST_DATABASE_URL) ==="
  DATABASE_URL=$TEST_DATABASE_URL .venv/bin/python -m pytest "$@"
elif [ "${REQUIRE_SERVICES:-}" = "1" ]; then
  echo "PostgreSQL at $TEST_DATABASE_URL is unreachable and REQUIRE_SERVICES=1: failing." >&2
  exit 1
else
  echo "=== PostgreSQL at $TEST_DATABASE_URL is unreachable: PostgreSQL pass skipped ==="
fi
