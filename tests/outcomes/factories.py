from outcomes.models import Biennium, OutcomeNarrative
from outcomes.services import outcome_narrative_import
from tests.conftest import SEED_000


def seed_000_narrative(biennium: Biennium) -> OutcomeNarrative:
    """Import seed 000's narrative (its indicator table must be imported already)."""
    outcome_narrative_import(text=SEED_000.read_text(encoding="utf-8"), biennium=biennium, source=SEED_000.name)
    return OutcomeNarrative.objects.get(biennium=biennium, outcome__number="4")
