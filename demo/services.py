"""Data for trying the product and for measuring it.

Demo accounts, one per role, let a newcomer walk through the whole workflow (`python manage.py load_demo`).
Synthetic data, for benchmarks and load tests (`python manage.py generate_synthetic`), is deterministic for
a given seed. Scale 1 gives about 25,000 country results over six biennia, twenty outcomes per framework
and three indicators per outcome; the number of entities recorded per place grows with the scale, so scale
100 gives about 2.5 million results. One officer recorded every twentieth result (so *My results* has
something to list), and 1,000 evaluations per unit of scale each carry two recommendations with a follow-up
action apiece (the register, its search and the follow-up tracker at organisation scale).
"""

import datetime
import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_create
from evaluations.models import Evaluation, EvaluationPlace, FollowUpAction, Recommendation
from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, MeasurementCriterion, Result, Target
from indicators.services.bulk import results_bulk_create
from outcomes.models import Biennium, Outcome
from places.models import Place, Region
from rbm.exceptions import ApplicationError

ALREADY_FILLED = "The frameworks of 2016-27 already hold outcomes; generate synthetic data into an empty database."
BIENNIA = [2016, 2018, 2020, 2022, 2024, 2026]
OUTCOMES_PER_FRAMEWORK = 20
INDICATORS_PER_OUTCOME = 3
BATCH = 5000
SYNTHETIC_OFFICER = "synthetic-officer"
SYNTHETIC_REASON = "Synthetic data"
OWNED_EVERY = 20
EVALUATIONS_PER_SCALE = 1000
RECOMMENDATIONS_PER_EVALUATION = 2
UNITS = ["SOCPRO", "EMPLOYMENT", "GOVERNANCE", "ACTRAV", "ACT/EMP", "DIALOGUE", "STATISTICS", "RO-Africa"]
STATUS_WEIGHTS = [
    (Result.Status.VALIDATED, 80),
    (Result.Status.SUBMITTED, 10),
    (Result.Status.DRAFT, 6),
    (Result.Status.RETURNED, 4),
]
THEMES = [
    "employment policies",
    "skills and employability",
    "sustainable enterprises",
    "formalization of the informal economy",
    "labour standards",
    "working conditions",
    "workers and enterprises in value chains",
    "occupational safety and health",
    "social security",
    "social dialogue",
    "employers' organizations",
    "workers' organizations",
    "labour migration",
    "child labour",
    "forced labour",
    "gender equality at work",
    "labour statistics",
    "just transition",
    "crisis response",
    "labour administration",
]
ENTITY_UNITS = [
    ("employers' organizations", "employers' organization"),
    ("workers' organizations", "workers' organization"),
    ("enterprises", "enterprise"),
    ("training institutions", "training institution"),
]


@dataclass
class SyntheticSummary:
    outcomes: int = 0
    indicators: int = 0
    targets: int = 0
    results: int = 0
    by_status: dict = field(default_factory=dict)
    evaluations: int = 0
    actions: int = 0


def _entities_per_place(rng: random.Random, scale: float) -> int:
    """Entities recorded per place, so that the whole comes to about 25,000 results per unit of scale.

    Place indicators give a fixed ~8,400 results (120 indicator-biennia x ~70 places); entity
    indicators (240 indicator-biennia x ~70 places) make up the rest.
    """
    expected = max(0.0, (25_000 * scale - 8_400) / 16_800)
    sampled = expected * rng.uniform(0.5, 1.5)
    whole = int(sampled)
    return max(1, whole + (1 if rng.random() < sampled - whole else 0))


def _weighted_status(rng: random.Random) -> str:
    pick = rng.randrange(100)
    for status, weight in STATUS_WEIGHTS:
        if pick < weight:
            return status
        pick -= weight
    return Result.Status.VALIDATED


@transaction.atomic
def synthetic_generate(*, scale: float = 1, seed: int = 2026) -> SyntheticSummary:
    """Fill the database with a plausible framework and results; refuses a database that already has them."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    summary = SyntheticSummary()
    if Outcome.objects.filter(framework__biennia__start_year__in=BIENNIA).exists():
        raise ApplicationError(ALREADY_FILLED)
    places = list(Place.objects.order_by("iso3"))
    biennia = list(Biennium.objects.select_related("framework").filter(start_year__in=BIENNIA).order_by("start_year"))
    frameworks = {biennium.framework_id: biennium.framework for biennium in biennia}
    officer = user_create(username=SYNTHETIC_OFFICER, password=secrets.token_urlsafe(24), role=Role.OFFICER)
    submitted_at = timezone.now() - datetime.timedelta(days=30)

    indicators_by_framework: dict[int, list[Indicator]] = {}
    previous: list[Indicator] = []
    for framework in sorted(frameworks.values(), key=lambda item: item.start_year):
        outcomes = Outcome.objects.bulk_create(
            Outcome(
                framework=framework,
                number=str(number),
                position=number,
                statement=f"More people benefit from better {THEMES[number - 1]} (synthetic).",
            )
            for number in range(1, OUTCOMES_PER_FRAMEWORK + 1)
        )
        summary.outcomes += len(outcomes)
        new = []
        for outcome in outcomes:
            for index in range(1, INDICATORS_PER_OUTCOME + 1):
                counts_places = index == 1
                unit, singular = ("member States", "member State") if counts_places else rng.choice(ENTITY_UNITS)
                new.append(
                    Indicator(
                        framework=framework,
                        outcome=outcome,
                        code=f"{outcome.number}.{index}",
                        position=index,
                        statement=f"Number of {unit} that, with ILO support, improve {THEMES[int(outcome.number) - 1]}",
                        unit=unit,
                        unit_singular=singular,
                        unit_kind=Indicator.UnitKind.PLACES if counts_places else Indicator.UnitKind.ENTITIES,
                        criteria_minimum=2,
                    )
                )
        Indicator.objects.bulk_create(new)
        for indicator, predecessor in zip(new, previous, strict=False):
            indicator.predecessor = predecessor
        Indicator.objects.bulk_update(new, ["predecessor"])
        MeasurementCriterion.objects.bulk_create(
            MeasurementCriterion(indicator=indicator, number=number, text=f"Criterion {number} of {indicator.code}")
            for indicator in new
            for number in (1, 2, 3)
        )
        indicators_by_framework[framework.pk] = new
        previous = new
        summary.indicators += len(new)

    targets: list[Target] = []
    results: list[Result] = []
    for biennium in biennia:
        for indicator in indicators_by_framework[biennium.framework_id]:
            reached = rng.sample(places, k=rng.randint(40, 100))
            if indicator.unit_kind == Indicator.UnitKind.PLACES:
                rows = [(place, "") for place in reached]
            else:
                rows = [
                    (place, f"{indicator.unit_singular.capitalize()} {n} of {place.iso3}")
                    for place in reached
                    for n in range(1, _entities_per_place(rng, scale) + 1)
                ]
            targets.append(
                Target(
                    indicator=indicator,
                    biennium=biennium,
                    value=max(1, int(len(rows) * rng.uniform(0.6, 1.3))),
                    text=f"{len(rows)} {indicator.unit}",
                )
            )
            for place, entity in rows:
                status = _weighted_status(rng)
                results.append(
                    Result(
                        indicator=indicator,
                        biennium=biennium,
                        place=place,
                        entity_name=entity,
                        description=f"Synthetic result for {indicator.code} in {place.name}.",
                        status=status,
                        criteria_met=[1, 2],
                        created_by=officer if (summary.results + len(results)) % OWNED_EVERY == 0 else None,
                        submitted_at=None if status == Result.Status.DRAFT else submitted_at,
                    )
                )
                summary.by_status[status] = summary.by_status.get(status, 0) + 1
            if len(results) >= BATCH:
                summary.results += _results_write(results)
                results = []
    summary.results += _results_write(results)
    Target.objects.bulk_create(targets, batch_size=BATCH)
    summary.targets = len(targets)
    summary.evaluations, summary.actions = _evaluations_generate(rng=rng, scale=scale, places=places)
    counts_cache_invalidate()
    return summary


def _results_write(results: list[Result]) -> int:
    """Write results with their creation in the history, as the services would (COPY on PostgreSQL).

    Lists read their Last-Modified date from the history: without these rows the benchmarks would
    measure an empty history table and flatter every list. The results are valid by construction.
    """
    results_bulk_create(results=results, user=None, change_reason=SYNTHETIC_REASON, validate=False)
    return len(results)


def _evaluations_generate(*, rng: random.Random, scale: float, places: list[Place]) -> tuple[int, int]:
    """Published evaluations, each tagged with an outcome and a place, with recommendations and actions; each
    recommendation is linked to one or two outcomes of the framework of its evaluation's biennium, so the
    follow-up tracker's table per outcome and the report's annex are filled as they would be in use."""
    outcomes_of: dict[int, list[int]] = {}
    for outcome_id, start_year in Outcome.objects.filter(framework__biennia__start_year__in=BIENNIA).values_list(
        "pk", "framework__biennia__start_year"
    ):
        outcomes_of.setdefault(start_year, []).append(outcome_id)
    kinds = [Evaluation.Kind.PROJECT, Evaluation.Kind.THEMATIC, Evaluation.Kind.HIGH_LEVEL]
    today = timezone.localdate()
    evaluations = Evaluation.objects.bulk_create(
        (
            Evaluation(
                title=f"Evaluation {number} of {THEMES[number % len(THEMES)]} in {places[number % len(places)].name}",
                year=BIENNIA[number % len(BIENNIA)] + number % 2,
                kind=kinds[number % len(kinds)],
                timing=Evaluation.Timing.FINAL,
                summary=f"What worked and why for {THEMES[number % len(THEMES)]} (synthetic evaluation {number}).",
                status=Evaluation.Status.PUBLISHED,
            )
            for number in range(1, max(100, int(EVALUATIONS_PER_SCALE * scale)) + 1)
        ),
        batch_size=BATCH,
    )
    # modeltranslation's patching of Outcome leaves django-stubs unable to type the through model.
    outcome_link: Any = Evaluation.outcomes.through
    period_of = {evaluation.pk: BIENNIA[number % len(BIENNIA)] for number, evaluation in enumerate(evaluations, 1)}
    evaluation_outcome = {
        evaluation.pk: rng.choice(outcomes_of[period_of[evaluation.pk]]) for evaluation in evaluations
    }
    outcome_link.objects.bulk_create(
        (
            outcome_link(evaluation=evaluation, outcome_id=evaluation_outcome[evaluation.pk])
            for evaluation in evaluations
        ),
        batch_size=BATCH,
    )
    EvaluationPlace.objects.bulk_create(
        (
            EvaluationPlace(evaluation=evaluation, place=places[index % len(places)])
            for index, evaluation in enumerate(evaluations)
        ),
        batch_size=BATCH,
    )
    recommendations = Recommendation.objects.bulk_create(
        (
            Recommendation(
                evaluation=evaluation,
                number=number,
                text=f"Strengthen {THEMES[(evaluation.pk + number) % len(THEMES)]} through social dialogue.",
            )
            for evaluation in evaluations
            for number in range(1, RECOMMENDATIONS_PER_EVALUATION + 1)
        ),
        batch_size=BATCH,
    )
    # The evaluation's own outcome first (as an evaluator would), and a second one of the same framework for
    # every other recommendation.
    recommendation_link: Any = Recommendation.outcomes.through
    recommendation_link.objects.bulk_create(
        (
            recommendation_link(recommendation=recommendation, outcome_id=outcome_id)
            for index, recommendation in enumerate(recommendations)
            for outcome_id in _recommendation_outcomes(
                rng=rng,
                first=evaluation_outcome[recommendation.evaluation_id],
                framework=outcomes_of[period_of[recommendation.evaluation_id]],
                two=index % 2 == 1,
            )
        ),
        batch_size=BATCH,
    )
    statuses = [FollowUpAction.Status.NOT_STARTED, FollowUpAction.Status.IN_PROGRESS, FollowUpAction.Status.COMPLETED]
    actions = []
    for index, recommendation in enumerate(recommendations):
        status = statuses[index % len(statuses)]
        actions.append(
            FollowUpAction(
                recommendation=recommendation,
                description=f"Follow up recommendation {recommendation.number}.",
                unit=UNITS[index % len(UNITS)],
                due_date=today + datetime.timedelta(days=rng.randint(-365, 365)),
                status=status,
                completed_on=today if status == FollowUpAction.Status.COMPLETED else None,
            )
        )
    FollowUpAction.objects.bulk_create(actions, batch_size=BATCH)
    return len(evaluations), len(actions)


def _recommendation_outcomes(*, rng: random.Random, first: int, framework: list[int], two: bool) -> list[int]:
    others = [outcome for outcome in framework if outcome != first]
    return [first, rng.choice(others)] if two and others else [first]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    regions: tuple[str, ...]
    first_name: str
    last_name: str
    unit: str


# Demo only: `make run` loads them so a newcomer can try the whole workflow; never load them in production.
DEMO_PASSWORD = "rbm-demo"  # noqa: S105 -- the published demo password, documented in the README
DEMO_ACCOUNTS = (
    DemoAccount("officer", Role.OFFICER, ("africa",), "Ama", "Mensah", "Regional Office for Africa"),
    DemoAccount(
        "officer-americas", Role.OFFICER, ("americas",), "Pedro", "Álvarez", "Regional Office for the Americas"
    ),
    DemoAccount("manager", Role.MANAGER, (), "Kofi", "Boateng", "Strategic Programming and Management"),
    DemoAccount("viewer", Role.VIEWER, (), "Vera", "Lind", "Evaluation Office"),
    DemoAccount("admin", Role.ADMINISTRATOR, (), "Ada", "Nwosu", "Information and Technology Management"),
)


@dataclass(frozen=True)
class DemoAccounts:
    created: list[User]
    kept: list[User]


@transaction.atomic
def demo_accounts_create(*, password: str = DEMO_PASSWORD) -> DemoAccounts:
    """Create the demo accounts that are missing, one per role plus an officer of a second region.

    An account that exists is kept as it is: its password, names and scope may have been changed since.
    """
    regions = {region.code: region for region in Region.objects.all()}
    existing = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=[account.username for account in DEMO_ACCOUNTS])
    }
    accounts = DemoAccounts(created=[], kept=[])
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            accounts.kept.append(existing[account.username])
            continue
        user = user_create(
            username=account.username,
            password=password,
            role=account.role,
            email=f"{account.username}@example.org",
            first_name=account.first_name,
            last_name=account.last_name,
            unit=account.unit,
            regions=[regions[code] for code in account.regions],
        )
        if account.role == Role.ADMINISTRATOR:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        accounts.created.append(user)
    return accounts


def demo_plan_outcome_link() -> None:
    """Give the demo's plan of action (seed 004) to Outcome 4, the outcome its paper says it serves
    (Programme and Budget, Outcome 4: social security), in the framework of the demo's biennium 2014-15."""
    from plans.models import Plan
    from plans.services.plans import plan_outcome_set

    plan = Plan.objects.filter(symbol="GB.312/POL/2").first()
    biennium = Biennium.objects.filter(start_year=2014).select_related("framework").first()
    outcome = Outcome.objects.filter(framework=biennium.framework, number="4").first() if biennium else None
    if plan is not None and plan.outcome_id is None and outcome is not None:
        plan_outcome_set(plan=plan, outcome=outcome)
