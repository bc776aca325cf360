"""What of the demo data is already in the database, so that loading it again adds only what is missing."""

from evaluations.models import Evaluation
from indicators.models import PublishedFigure
from outcomes.models import OutcomeNarrative
from plans.models import Revision

SEED_000_BIENNIUM = 2014
SEED_000_OUTCOME = "4"
SEED_001_SYMBOL = "GB.309/PFA/5/4"
SEED_004_SYMBOL = "GB.312/POL/2"
SEED_003_SYMBOL = "GB.316/INS/5/1"


def demo_seeds_loaded(*, synthesis_source: str) -> dict[str, bool]:
    """Which parts of the seed documents are loaded: seed 000's table and narrative, seed 001, seed 002, and
    the plan of action of seed 004 with its revision of seed 003.

    A part counts as loaded once its import ran (each is all or nothing), whatever was changed or deleted
    in it since: those are the users' changes, and loading the demo again keeps them.
    """
    return {
        "table": PublishedFigure.objects.filter(
            biennium__start_year=SEED_000_BIENNIUM, indicator__outcome__number=SEED_000_OUTCOME
        ).exists(),
        "narrative": OutcomeNarrative.objects.filter(
            biennium__start_year=SEED_000_BIENNIUM, outcome__number=SEED_000_OUTCOME
        ).exists(),
        "evaluation": Evaluation.objects.filter(symbol=SEED_001_SYMBOL).exists(),
        "synthesis": Evaluation.objects.filter(kind=Evaluation.Kind.SYNTHESIS, source=synthesis_source).exists(),
        "plan": Revision.objects.filter(symbol=SEED_004_SYMBOL).exists(),
        "plan_revision": Revision.objects.filter(symbol=SEED_003_SYMBOL).exists(),
    }
