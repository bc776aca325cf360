from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.services import DEMO_PASSWORD, demo_accounts_create, demo_plan_outcome_link

SEEDS = Path(settings.BASE_DIR) / "demo" / "seeds"


class Command(BaseCommand):
    help = "Load the demo data from the published seed documents in demo/seeds/ (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--no-accounts", action="store_true", help="Do not create or reset the demo accounts.")

    def handle(self, *args, **options):
        self.stdout.write("Seed 000: programme implementation report 2014-15, Outcome 4")
        call_command("import_results_table", str(SEEDS / "000_9e6213d9296d1ac9.txt"), biennium="2014-15")
        call_command("import_narrative", str(SEEDS / "000_9e6213d9296d1ac9.txt"), biennium="2014-15")
        self.stdout.write("Seed 001: GB.309/PFA/5/4, independent evaluation of the strategy to extend social security")
        call_command("import_evaluation", str(SEEDS / "001_fc0023219758e8b9.txt"), outcome=["4"])
        self.stdout.write("Seed 002: synthesis review 2012-2018 of social protection interventions, with its annex")
        call_command("import_synthesis_annex", str(SEEDS / "002_532818fa5781c952.txt"))
        self.stdout.write("Seed 004: GB.312/POL/2, social security plan of action 2011-19, its activity matrix")
        call_command("import_plan_of_action", str(SEEDS / "004_1ef88756585f0450.txt"))
        self.stdout.write("Seed 003: GB.316/INS/5/1, the matrix revised with the Recommendation No. 202 column")
        call_command("import_plan_of_action", str(SEEDS / "003_26216e71934f908d.txt"), revision_of="GB.312/POL/2")
        demo_plan_outcome_link()
        if not options["no_accounts"]:
            users = demo_accounts_create()
            names = ", ".join(user.username for user in users)
            self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD!r}, demo only): {names}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
