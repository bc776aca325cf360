from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.builders.iati import build
from reports.selectors.iati import iati_content


def _message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Write the biennium's results framework and figures as an IATI 2.03 activity file: a result per outcome, "
        "an indicator per indicator with its target and actual values (the counts API's, or an edition's)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--biennium", required=True, help='The biennium, e.g. "2014-15".')
        parser.add_argument(
            "--edition", type=int, help="An edition's number: its frozen figures instead of the current ones."
        )
        parser.add_argument("path", help="Where to write the file; - writes it to standard output.")

    def handle(self, *args, biennium: str, edition: int | None, path: str, **options):
        try:
            content = iati_content(biennium=biennium, edition=edition)
        except ValidationError as error:
            raise CommandError(_message(error)) from None
        document = build(content)
        if path == "-":
            self.stdout.write(document.decode(), ending="")
            return
        try:
            Path(path).write_bytes(document)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from None
        indicators = sum(len(outcome.indicators) for outcome in content.outcomes)
        source = f"edition {content.edition.number}" if content.edition is not None else "current figures"
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: IATI 2.03, {content.biennium.label} ({source}), {len(content.outcomes)} outcome(s), "
                f"{indicators} indicator(s), {len(document):,d} bytes"
            )
        )
