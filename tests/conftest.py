import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytest_plugins = ["tests.plugins.browser", "pytester"]

SEEDS = Path(settings.BASE_DIR) / "demo" / "seeds"
SEED_000 = SEEDS / "000_9e6213d9296d1ac9.txt"
SEED_001 = SEEDS / "001_fc0023219758e8b9.txt"
SEED_002 = SEEDS / "002_532818fa5781c952.txt"


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def pytest_report_header(config):
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [f"rbm: database engine {engine}; REQUIRE_SERVICES={os.environ.get('REQUIRE_SERVICES', '0')}"]


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL; runs in the PostgreSQL pass"))


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory) -> None:
    """On SQLite, keep the test database in a file rather than in memory, so that a process a test starts
    (the Celery worker of tests/reports/test_worker.py) reads the same database. PostgreSQL needs nothing."""
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and not test_settings.get("NAME"):
        test_settings["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A reachable Redis for tests that need a real broker; skipped (or failed in CI) without one."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        message = f"Redis at {url} is unreachable: {error}"
        if services_required():
            pytest.fail(message + " (REQUIRE_SERVICES=1)")
        pytest.skip(message)
    return url


@pytest.fixture
def seed_000_text() -> str:
    return SEED_000.read_text(encoding="utf-8")


@pytest.fixture
def biennium_2014_15(db):
    from outcomes.models import Biennium

    return Biennium.objects.get(start_year=2014)


@pytest.fixture
def seed_000_imported(biennium_2014_15, seed_000_text):
    from indicators.services import results_table_import

    results_table_import(text=seed_000_text, biennium=biennium_2014_15, source=SEED_000.name)
    return biennium_2014_15


@pytest.fixture(autouse=True)
def language_reset():
    """Each test starts in English: a page requested in another language leaves it active in the thread,
    and pytest-django runs the tests without a database after all the others."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords properly is slow by design; tests only need it to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def api_throttle_counts_reset():
    """API throttling counts requests in the cache; each test starts from zero, so none is throttled by chance."""
    from django.core.cache import cache

    cache.clear()
