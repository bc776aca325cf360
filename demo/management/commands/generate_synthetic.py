import time

from django.core.management.base import BaseCommand, CommandError

from demo.services import synthetic_generate
from rbm.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Fill the database with synthetic data at organisation scale (scale 1 is about 25,000 results)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 gives about 25,000 results, 100 about 2.5 million."
        )
        parser.add_argument("--seed", type=int, default=2026, help="The same seed gives the same data.")

    def handle(self, *args, scale: float, seed: int, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        started = time.perf_counter()
        try:
            summary = synthetic_generate(scale=scale, seed=seed)
        except ApplicationError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"{summary.outcomes} outcomes, {summary.indicators} indicators, {summary.targets} targets, "
            f"{summary.results} results ({', '.join(f'{k} {v}' for k, v in sorted(summary.by_status.items()))}), "
            f"{summary.evaluations} evaluations, {summary.actions} follow-up actions "
            f"in {time.perf_counter() - started:.1f} s"
        )
