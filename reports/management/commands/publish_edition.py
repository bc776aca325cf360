from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from outcomes.selectors import biennium_get
from rbm.moments import moment_parse
from reports.services import BuildFailed, edition_publish


def _message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Publish an edition of a biennium's implementation report: freeze its files in every language and format, "
        "the derived figures of every indicator, the data read time and the content hash."
    )

    def add_arguments(self, parser):
        parser.add_argument("--biennium", required=True, help='The biennium, e.g. "2014-15".')
        parser.add_argument("--title", required=True, help="The edition's title, as published.")
        parser.add_argument(
            "--at",
            help="Freeze the figures as they stood at this past moment, from the results' history: 2016-03-01 (the "
            "end of that day) or 2016-03-01T12:00[:00][+01:00]. Default: now.",
        )

    def handle(self, *args, biennium: str, title: str, at: str | None, **options):
        try:
            period = biennium_get(label=biennium)
            moment = moment_parse(at, field="at") if at is not None else None
            edition = edition_publish(user=None, biennium=period, title=title, at=moment)
        except ValidationError as error:
            raise CommandError(_message(error)) from None
        except BuildFailed as failed:
            raise CommandError(failed.message) from None
        self.stdout.write(f"{period.label} edition {edition.number}: {edition.title}")
        self.stdout.write(f"figures as of {edition.as_of.isoformat()}; data read at {edition.data_read_at.isoformat()}")
        for item in edition.files.all():
            self.stdout.write(f"{item.file.name}  {item.size:>10,d} bytes  sha256 {item.sha256}")
        self.stdout.write(self.style.SUCCESS(f"content hash {edition.content_hash}"))
