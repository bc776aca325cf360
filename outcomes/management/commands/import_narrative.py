from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from outcomes.selectors import biennium_get
from outcomes.services import NARRATIVES, OUTPUTS, outcome_narrative_import_file
from rbm.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Import an outcome's narrative sections and significant outputs from a programme implementation "
        "report in the layout of seed 000 (safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Text file holding the outcome's section of the report.")
        parser.add_argument("--biennium", required=True, help='The biennium the report covers, e.g. "2014-15".')

    def handle(self, *args, path: str, biennium: str, **options):
        try:
            changes = outcome_narrative_import_file(path=path, biennium=biennium_get(label=biennium))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except ApplicationError as error:
            for problem in error.extra.get("problems", []):
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(error.message) from None

        sections = len(changes.fields.get(NARRATIVES, []))
        self.stdout.write(
            f"narrative: {'created' if changes.created.get(NARRATIVES) else f'{sections} section(s) updated'}; "
            f"outputs: {changes.created.get(OUTPUTS, 0)} created, {changes.updated.get(OUTPUTS, 0)} updated, "
            f"{changes.deleted.get(OUTPUTS, 0)} deleted"
        )
        self.stdout.write(self.style.SUCCESS("Imported." if changes.changed else "Nothing to change."))
