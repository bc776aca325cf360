import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indicators.management.commands.import_results_table import validation_message
from indicators.selectors import indicator_counts_list, indicator_list
from outcomes.selectors import biennium_get
from rbm.moments import moment_parse


class Command(BaseCommand):
    help = "Print the counts derived from validated results for the indicators of a biennium."

    def add_arguments(self, parser):
        parser.add_argument("--biennium", required=True, help='e.g. "2014-15"')
        parser.add_argument("--indicator", help='One indicator code, e.g. "4.2"; all indicators when omitted.')
        parser.add_argument(
            "--as-of",
            dest="as_of",
            help="Count as results stood at this moment, from their history: 2016-03-01 (the end of that day) "
            "or 2016-03-01T12:00[:00][+01:00].",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print a JSON list (the API's counts objects)."
        )

    def handle(self, *args, biennium: str, indicator: str | None, as_json: bool, as_of: str | None, **options):
        try:
            period = biennium_get(label=biennium)
            moment = moment_parse(as_of) if as_of is not None else None
        except ValidationError as error:
            raise CommandError(validation_message(error)) from None
        indicators = indicator_list(biennium=period)
        if indicator:
            indicators = indicators.filter(code=indicator.strip())
            if not indicators.exists():
                raise CommandError(f"There is no indicator {indicator} in {period.label}.")
        counts = indicator_counts_list(biennium=period, indicators=indicators, as_of=moment)
        if as_json:
            self.stdout.write(json.dumps(counts, indent=2, ensure_ascii=False))
            return
        if moment is not None:
            self.stdout.write(f"As of {moment.isoformat()}, from the results' history:")
        for item in counts:
            regions = ", ".join(f"{name} {count}" for name, count in item["by_region"].items())
            met = {True: "target met", False: "target not met", None: "no target"}[item["target_met"]]
            self.stdout.write(f"{item['indicator']}: {item['label']} ({regions}); {met}")
            for sentence in item["discrepancies"]:
                self.stdout.write(f"  ! {sentence}")
            for note in item["notes"]:
                self.stdout.write(f"  = {note}")
