from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.management.commands.import_results_table import validation_message
from indicators.services.programmes import programme_outcomes_import_file
from rbm.parsers import ImportRejected


class Command(BaseCommand):
    help = "Import country programme outcomes (CPOs) with their programmes and contributions from CSV, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            help="UTF-8 CSV with the columns place, code, title, programme, programme_period, "
            "programme_status, contributions.",
        )

    def handle(self, *args, path: str, **options):
        try:
            summary = programme_outcomes_import_file(path=path)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(rejected.message) from None
        except ValidationError as error:
            raise CommandError(validation_message(error)) from None
        for kind in summary.kinds:
            self.stdout.write(
                f"{kind}: {summary.created.get(kind, 0)} created, {summary.updated.get(kind, 0)} updated, "
                f"{summary.unchanged.get(kind, 0)} unchanged"
            )
        self.stdout.write(self.style.SUCCESS("Imported." if summary.changed else "Nothing to change."))
