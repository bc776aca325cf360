import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.management.commands.import_results_table import validation_message
from indicators.selectors import restatements_by_edition
from outcomes.selectors import biennium_get


class Command(BaseCommand):
    help = (
        "List the restatements of a biennium's figures: every change to what they count made after each of its "
        "editions, with who, when, why, and the figure it moved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--biennium", required=True, help='e.g. "2014-15"')
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print JSON.")

    def handle(self, *args, biennium: str, as_json: bool, **options):
        try:
            period = biennium_get(label=biennium)
        except ValidationError as error:
            raise CommandError(validation_message(error)) from None
        groups = restatements_by_edition(biennium=period)
        if as_json:
            data = {
                "biennium": period.label,
                "editions": [
                    {
                        "number": group.edition.number,
                        "title": group.edition.title,
                        "as_of": group.edition.as_of.isoformat(),
                        "content_hash": group.edition.content_hash,
                        "restatements": [item.as_json() for item in group.restatements],
                    }
                    for group in groups
                ],
            }
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        if not groups:
            self.stdout.write(f"No edition of {period.label} is published: nothing is restated.")
        for group in groups:
            edition = group.edition
            self.stdout.write(f"Edition {edition.number} ({edition.title}), figures as of {edition.as_of.isoformat()}:")
            if not group.restatements:
                self.stdout.write("  no figure restated")
            for item in group.restatements:
                who = item.who or "an import"
                self.stdout.write(
                    f"  {item.when.isoformat()} {who}: {item.indicator} {item.place} {item.status_before or 'new'} → "
                    f"{item.status_after}; figure {item.figure_before} → {item.figure_after}; reason: {item.reason}"
                )
