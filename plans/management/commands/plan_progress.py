import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from plans.rules import PLAN_UNKNOWN
from plans.selectors.plans import plan_get_by_symbol
from plans.selectors.progress import plan_progress


class Command(BaseCommand):
    help = (
        "Print a plan of action's progress: each target's baseline, value, deadline and the counts derived from "
        "the recorded events (at --as-of, default today, and at the deadline), and per category the means of "
        "action with their key outputs and latest status."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, metavar="SYMBOL")
        parser.add_argument("--as-of", default="", metavar="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="Print the JSON object the API answers.")

    def handle(self, *args, plan: str, as_of: str, json: bool, **options):
        found = plan_get_by_symbol(symbol=plan)
        if found is None:
            raise CommandError(str(PLAN_UNKNOWN % {"symbol": plan}))
        try:
            date = datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"--as-of: “{as_of}” is not a date (YYYY-MM-DD).") from None
        data = plan_progress(plan=found, as_of=date)
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(f"{data['symbol']}: {data['title']} (as of {data['as_of']})")
        for target in data["targets"]:
            self.stdout.write(
                f"  {target['ref']}: {target['count']} of {target['value']} by {target['deadline']} "
                f"(baseline {target['baseline']}, {target['baseline_date'] or '—'}); "
                f"at the deadline {target['count_at_deadline']}; reached on {target['reached_on'] or '—'}"
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
