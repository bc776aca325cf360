from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rbm.exceptions import ApplicationError
from translations.services import KIND, translation_import_path


class Command(BaseCommand):
    help = (
        "Import a translators' file (.xlsx or .csv, as export_translations writes it) into one language: every "
        "row or none; a row translated from English changed since the export is refused (safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to read: .xlsx or .csv.")
        parser.add_argument("--language", required=True, help="The language the file translates into: fr or es.")

    def handle(self, *args, path: str, language: str, **options):
        try:
            changes = translation_import_path(language=language, path=path)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except ApplicationError as error:
            for problem in error.extra.get("problems", []):
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(error.message) from None
        self.stdout.write(
            f"{changes.updated.get(KIND, 0)} record(s) updated, {changes.unchanged.get(KIND, 0)} text(s) unchanged"
        )
        self.stdout.write(self.style.SUCCESS("Imported." if changes.changed else "Nothing to change."))
