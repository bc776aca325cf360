import pytest

from plans.services.imports import plan_import_file
from tests.conftest import SEEDS

SEED_003 = SEEDS / "003_26216e71934f908d.txt"
SEED_004 = SEEDS / "004_1ef88756585f0450.txt"


@pytest.fixture
def plan_2011(db):
    """Seed 004 imported: the social security plan of action 2011-19 as endorsed in November 2011."""
    return plan_import_file(path=str(SEED_004)).plan


@pytest.fixture
def plan_revised(plan_2011):
    """Seed 003 imported as the revision of seed 004."""
    plan_import_file(path=str(SEED_003), revision_of="GB.312/POL/2")
    return plan_2011
