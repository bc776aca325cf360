from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from outcomes.models import Edition
from outcomes.selectors import biennium_get, edition_get, outcome_list
from rbm.moments import moment_parse
from reports.services import BuildFailed, report_build, report_file_name


class Command(BaseCommand):
    help = (
        "Build the biennial implementation report from the stored data, synchronously, with the same service "
        "as the background jobs, and write its files to a folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("--biennium", required=True, help='The biennium, e.g. "2014-15".')
        parser.add_argument(
            "--format", default="html,docx,xlsx,pdf", help="Comma-separated formats among html, docx, xlsx, pdf."
        )
        parser.add_argument("--out", required=True, help="Folder to write the files to (created if missing).")
        parser.add_argument(
            "--outcome", action="append", default=[], help="An outcome number; repeat for several (default: all)."
        )
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the whole report (a text not yet translated is printed in English).",
        )
        moment = parser.add_mutually_exclusive_group()
        moment.add_argument(
            "--as-of",
            dest="as_of",
            help="Build the report as the figures stood at this moment, from the results' history (ISO 8601).",
        )
        moment.add_argument(
            "--edition",
            type=int,
            help="Build the report as of this edition's moment (its number in the biennium) and compare the hashes.",
        )

    def handle(
        self,
        *args,
        biennium: str,
        format: str,
        out: str,
        outcome: list[str],
        language: str,
        as_of: str | None = None,
        edition: int | None = None,
        **options,
    ):
        try:
            chosen = biennium_get(label=biennium)
            moment = moment_parse(as_of) if as_of is not None else None
        except ValidationError as error:
            words = " ".join(message for messages in error.message_dict.values() for message in messages)
            raise CommandError(words) from None
        published = None
        if edition is not None:
            try:
                published = edition_get(biennium=chosen, number=edition)
            except Edition.DoesNotExist:
                raise CommandError(f"There is no edition {edition} of {chosen.label}.") from None
            moment = published.as_of
        outcome_ids = None
        if outcome:
            found = dict(outcome_list(biennium=chosen).filter(number__in=outcome).values_list("number", "pk"))
            missing = [number for number in outcome if number not in found]
            if missing:
                raise CommandError(f"No outcome {', '.join(missing)} in {chosen.label}.")
            outcome_ids = [found[number] for number in outcome]

        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with translation.override(language):
                built = report_build(
                    biennium=chosen,
                    outcome_ids=outcome_ids,
                    formats=format.split(","),
                    progress=lambda percent, step: self.stderr.write(f"{percent:3d}% {step}") if step else None,
                    as_of=moment,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except BuildFailed as failed:
            raise CommandError(failed.message) from None

        for kind, data in built.files.items():
            path = folder / report_file_name(content=built.content, format=kind)
            path.write_bytes(data)
            self.stdout.write(f"{path}  {len(data):>10,d} bytes  {built.seconds[kind]:6.2f} s")
        self.stdout.write(f"data read at {built.content.data_read_at.isoformat()}")
        self.stdout.write(self.style.SUCCESS(f"content hash {built.content.content_hash}"))
        if published is not None:
            expected = published.hashes.get(language)
            if outcome_ids is None and built.content.content_hash == expected:
                self.stdout.write(self.style.SUCCESS(f"the same as edition {published.number}'s ({language})"))
            else:
                self.stdout.write(self.style.WARNING(f"edition {published.number}'s ({language}) was {expected}"))
