#!/usr/bin/env bash
# Create .venv and install the Python requirements (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# PDF reports (WeasyPrint) need Pango and HarfBuzz's subsetting library from the system. Install them when
# they are missing and this runs as root with apt-get (CI on a fresh machine); otherwise say what is needed.
system_libraries=$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true)
if ! grep -q "libharfbuzz-subset.so.0" <<<"$system_libraries" || ! grep -q "libpangoft2-1.0.so.0" <<<"$system_libraries"; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
  else
    echo "PDF reports need libharfbuzz-subset0, libpango-1.0-0 and libpangoft2-1.0-0: apt-get install them as root." >&2
  fi
fi

# Browser tests drive Debian's Chromium through Playwright (which never downloads a browser here).
# Install it when missing and this runs as root with apt-get; otherwise say what is needed.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
  else
    echo "Browser tests need Chromium at /usr/bin/chromium: apt-get install chromium as root." >&2
  fi
fi
