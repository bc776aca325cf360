from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.selectors import demo_seeds_loaded
from demo.services import DEMO_PASSWORD, demo_accounts_create, demo_plan_outcome_link
from outcomes.models import Biennium

SEEDS = Path(settings.BASE_DIR) / "demo" / "seeds"
SEED_000 = SEEDS / "000_9e6213d9296d1ac9.txt"
SEED_001 = SEEDS / "001_fc0023219758e8b9.txt"
SEED_002 = SEEDS / "002_532818fa5781c952.txt"
SEED_003 = SEEDS / "003_26216e71934f908d.txt"
SEED_004 = SEEDS / "004_1ef88756585f0450.txt"
SEED_004_SYMBOL = "GB.312/POL/2"
KEPT = "{what}: already loaded; kept as it is (changes made since are not overwritten)."
CLOSED = "{what}: not loaded, the biennium 2014-15 is closed."


class Command(BaseCommand):
    help = (
        "Load the demo data from the published seed documents in demo/seeds/: what is missing is created, "
        "what is already loaded is kept as it is, with every change made since (safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Do not create the demo accounts.")

    def handle(self, *args, **options):
        loaded = demo_seeds_loaded(synthesis_source=SEED_002.name)
        closed = Biennium.objects.filter(start_year=2014, is_closed=True).exists()
        steps = [
            ("table", "Seed 000: programme implementation report 2014-15, Outcome 4, its indicator table", True),
            ("narrative", "Seed 000: the narrative of Outcome 4 in 2014-15", True),
            (
                "evaluation",
                "Seed 001: GB.309/PFA/5/4, independent evaluation of the strategy to extend social security",
                False,
            ),
            (
                "synthesis",
                "Seed 002: synthesis review 2012-2018 of social protection interventions, with its annex",
                False,
            ),
            ("plan", "Seed 004: GB.312/POL/2, social security plan of action 2011-19, its activity matrix", False),
            (
                "plan_revision",
                "Seed 003: GB.316/INS/5/1, the matrix revised with the Recommendation No. 202 column",
                False,
            ),
        ]
        for key, what, in_2014_15 in steps:
            if loaded[key]:
                self.stdout.write(KEPT.format(what=what))
            elif in_2014_15 and closed:
                self.stdout.write(self.style.WARNING(CLOSED.format(what=what)))
            else:
                self.stdout.write(what)
                self._load(key)
        demo_plan_outcome_link()
        if not options["no_accounts"]:
            accounts = demo_accounts_create()
            if accounts.created:
                names = ", ".join(user.username for user in accounts.created)
                self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD!r}, demo only): {names}")
            if accounts.kept:
                names = ", ".join(user.username for user in accounts.kept)
                self.stdout.write(f"Demo accounts kept as they are: {names}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def _load(self, key: str) -> None:
        if key == "table":
            call_command("import_results_table", str(SEED_000), biennium="2014-15")
        elif key == "narrative":
            call_command("import_narrative", str(SEED_000), biennium="2014-15")
        elif key == "evaluation":
            call_command("import_evaluation", str(SEED_001), outcome=["4"])
        elif key == "plan":
            call_command("import_plan_of_action", str(SEED_004))
        elif key == "plan_revision":
            call_command("import_plan_of_action", str(SEED_003), revision_of=SEED_004_SYMBOL)
        else:
            call_command("import_synthesis_annex", str(SEED_002))
