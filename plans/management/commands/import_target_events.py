from django.core.management.base import BaseCommand

from plans.management.commands._output import run_import
from plans.services.events import target_events_import_file


class Command(BaseCommand):
    help = (
        "Record the dated events (a ratification, a submission) that count towards a target of a plan, from a "
        "CSV of place,date[,reference] (dates as YYYY-MM-DD; any spelling of a place RBM knows). All or nothing: "
        "an unknown place fails the whole file with its line; a place listed twice counts once."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8).")
        parser.add_argument("--plan", required=True, metavar="SYMBOL", help="The plan's symbol, e.g. GB.312/POL/2.")
        parser.add_argument("--target", required=True, metavar="REF", help="The target's reference, e.g. I.4.ii.")

    def handle(self, *args, path: str, plan: str, target: str, **options):
        result = run_import(
            self, path, lambda: target_events_import_file(plan_symbol=plan, target_ref=target, path=path)
        )
        if result.duplicates:
            self.stdout.write(self.style.WARNING(f"{result.duplicates} place(s) listed more than once: counted once."))
        self.stdout.write(self.style.SUCCESS("Recorded." if result.changes.changed else "Nothing to change."))
