from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.files import file_kind, translation_file_csv, translation_file_xlsx
from translations.selectors import translation_rows


class Command(BaseCommand):
    help = (
        "Write every translatable text with its English and its current translation into one language, as an "
        "Excel workbook or a CSV file (columns key, field, source, translation), for translators."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write: .xlsx or .csv.")
        parser.add_argument("--language", required=True, help="The language to translate into: fr or es.")
        parser.add_argument("--missing-only", action="store_true", help="Only the texts with no translation yet.")

    def handle(self, *args, path: str, language: str, missing_only: bool, **options):
        try:
            kind = file_kind(path)
            rows = [row.cells() for row in translation_rows(language=language, missing_only=missing_only)]
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        content = translation_file_xlsx(rows) if kind == "xlsx" else translation_file_csv(rows)
        Path(path).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} text(s) written to {path}."))
