from django.core.management.base import BaseCommand

from plans.management.commands._output import run_import
from plans.services.imports import plan_import_file


class Command(BaseCommand):
    help = (
        "Import the activity matrix of a plan of action (layout of GB.312/POL/2, Appendix I), or with "
        "--revision-of a revised matrix of a stored plan (layout of GB.316/INS/5/1, with its added column). "
        "All or nothing, every problem with its line; importing the same document again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The document as UTF-8 text.")
        parser.add_argument(
            "--revision-of", default="", metavar="SYMBOL", help="The symbol of the plan (or revision) it revises."
        )

    def handle(self, *args, path: str, revision_of: str, **options):
        result = run_import(self, path, lambda: plan_import_file(path=path, revision_of=revision_of.strip()))
        revision = result.revision
        if result.changes.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Imported: {revision.symbol}, revision {revision.number} of {result.plan.symbol}.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change."))
