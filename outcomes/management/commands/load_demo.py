from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

SEEDS = Path(settings.BASE_DIR) / "demo" / "seeds"


class Command(BaseCommand):
    help = "Load the demo data from the published seed documents in demo/seeds/ (safe to run again)."

    def handle(self, *args, **options):
        self.stdout.write("Seed 000: programme implementation report 2014-15, Outcome 4")
        call_command("import_results_table", str(SEEDS / "000_9e6213d9296d1ac9.txt"), biennium="2014-15")
        call_command("import_narrative", str(SEEDS / "000_9e6213d9296d1ac9.txt"), biennium="2014-15")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
