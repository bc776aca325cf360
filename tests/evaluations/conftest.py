import pytest

from tests.conftest import SEED_001, SEED_002


@pytest.fixture
def seed_001_text() -> str:
    return SEED_001.read_text(encoding="utf-8")


@pytest.fixture
def seed_002_text() -> str:
    return SEED_002.read_text(encoding="utf-8")


@pytest.fixture
def seed_001_imported(db, seed_001_text):
    """Seed 001 imported as `make run` loads it, without the results framework of seed 000."""
    from evaluations.services import evaluation_summary_import

    return evaluation_summary_import(text=seed_001_text, source=SEED_001.name, outcome_numbers=["4"]).evaluation


@pytest.fixture
def seed_002_imported(db, seed_002_text):
    from evaluations.services import synthesis_import

    return synthesis_import(text=seed_002_text, source=SEED_002.name).evaluation
