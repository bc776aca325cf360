from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.services import results_table_import_file
from outcomes.selectors import biennium_get
from rbm.exceptions import ApplicationError
from rbm.parsers import ImportRejected


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Import a published indicator table (layout of a programme implementation report), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tab-separated text file holding the table.")
        parser.add_argument("--biennium", required=True, help='The biennium the table reports on, e.g. "2014-15".')

    def handle(self, *args, path: str, biennium: str, **options):
        try:
            summary = results_table_import_file(path=path, biennium=biennium_get(label=biennium))
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(rejected.message) from None
        except ValidationError as error:
            raise CommandError(validation_message(error)) from None
        except ApplicationError as error:
            raise CommandError(error.message) from None

        for kind in summary.kinds:
            self.stdout.write(
                f"{kind}: {summary.created.get(kind, 0)} created, {summary.updated.get(kind, 0)} updated, "
                f"{summary.unchanged.get(kind, 0)} unchanged"
            )
        self.stdout.write(self.style.SUCCESS("Imported." if summary.changed else "Nothing to change."))
