from django.core.management.base import BaseCommand

from evaluations.management.commands._output import run_import
from evaluations.services import evaluation_summary_import_file


class Command(BaseCommand):
    help = (
        "Import a governing-body evaluation summary (layout of GB.309/PFA/5/4): the evaluation, its questions, "
        "findings, recommendations with suggested next steps, lessons learned and the Office's response. "
        "All or nothing; importing the same document again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The summary as text.")
        parser.add_argument(
            "--outcome",
            action="append",
            default=[],
            metavar="NUMBER",
            help=(
                "An outcome the evaluation concerns, by its number in the strategic framework in force at the "
                "document's date (repeatable). An outcome not recorded yet is reported, not an error."
            ),
        )

    def handle(self, *args, path: str, outcome: list[str], **options):
        run_import(self, path, lambda: evaluation_summary_import_file(path=path, outcome_numbers=outcome))
