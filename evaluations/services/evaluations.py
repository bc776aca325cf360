"""Entering and editing evaluations in the register."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from evaluations.models import Evaluation, EvaluationPlace, EvaluationQuestion, Finding, Lesson
from evaluations.rules import evaluation_edit_check, evaluation_publish_check
from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator
from outcomes.models import Outcome
from places.models import Place, Region
from rbm.files import document_check
from rbm.services import Changes, links_sync, model_create, model_update, rows_sync
from rbm.translation import in_source_language

SYMBOL_TAKEN = _("Another evaluation already has the symbol %(symbol)s.")
TITLE_REQUIRED = _("Give the evaluation's title.")
PLACE_LISTED_TWICE = _("%(place)s is listed twice.")

SCALAR_FIELDS = (
    "title",
    "symbol",
    "session",
    "date",
    "year",
    "kind",
    "timing",
    "independence",
    "project_symbol",
    "period_start",
    "period_end",
    "summary",
    "office_comments",
    "document_url",
    "status",
)


@dataclass(frozen=True)
class PlaceCovered:
    place: Place
    reported_name: str = ""
    is_case_study: bool = False


@dataclass(frozen=True)
class FindingInput:
    """What was found under one criterion; a heading of None keeps the heading already recorded."""

    criterion: str
    text: str
    heading: str | None = None


@dataclass
class EvaluationInput:
    """Everything the register holds about an evaluation, as entered in the form, the API or an import."""

    title: str
    kind: str
    symbol: str = ""
    session: str = ""
    date: datetime.date | None = None
    year: int | None = None
    timing: str = ""
    independence: str = ""
    project_symbol: str = ""
    period_start: int | None = None
    period_end: int | None = None
    summary: str = ""
    office_comments: str = ""
    document_url: str = ""
    status: str = Evaluation.Status.DRAFT
    regions: list[Region] = field(default_factory=list)
    places: list[PlaceCovered] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    findings: list[FindingInput] = field(default_factory=list)
    lessons: list[str] = field(default_factory=list)
    good_practices: list[str] = field(default_factory=list)
    document_file: UploadedFile | None = None
    clear_document_file: bool = False

    def scalar_values(self) -> dict:
        values = {name: getattr(self, name) for name in SCALAR_FIELDS}
        for name in ("title", "symbol", "session", "project_symbol", "summary", "office_comments", "document_url"):
            values[name] = (values[name] or "").strip()
        if values["date"] and not values["year"]:
            values["year"] = values["date"].year
        return values

    @property
    def region_ids(self) -> set[int]:
        return {region.pk for region in self.regions}

    @property
    def outcome_ids(self) -> set[int]:
        return {outcome.pk for outcome in self.outcomes} | {indicator.outcome_id for indicator in self.indicators}


def evaluation_input_from(*, evaluation: Evaluation) -> EvaluationInput:
    """The input that would leave an evaluation as it is; the API overlays a partial update on it."""
    return EvaluationInput(
        **{name: getattr(evaluation, name) for name in SCALAR_FIELDS},
        regions=list(evaluation.regions.all()),
        places=[
            PlaceCovered(place=link.place, reported_name=link.reported_name, is_case_study=link.is_case_study)
            for link in evaluation.place_links.select_related("place")
        ],
        outcomes=list(evaluation.outcomes.all()),
        indicators=list(evaluation.indicators.all()),
        questions=[question.text for question in evaluation.questions.all()],
        findings=[
            FindingInput(criterion=finding.criterion, text=finding.text, heading=finding.heading)
            for finding in evaluation.findings.all()
        ],
        lessons=[lesson.text for lesson in evaluation.lessons.all() if lesson.kind == Lesson.Kind.LESSON],
        good_practices=[lesson.text for lesson in evaluation.lessons.all() if lesson.kind == Lesson.Kind.GOOD_PRACTICE],
    )


def _check_input(*, data: EvaluationInput, exclude_pk: int | None = None) -> None:
    errors: dict[str, str | Promise] = {}
    if not data.title.strip():
        errors["title"] = TITLE_REQUIRED
    symbol = data.symbol.strip()
    if symbol:
        taken = Evaluation.objects.filter(symbol=symbol)
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            errors["symbol"] = SYMBOL_TAKEN % {"symbol": symbol}
    seen = set()
    for covered in data.places:
        if covered.place.pk in seen:
            errors["places"] = PLACE_LISTED_TWICE % {"place": covered.place.name}
        seen.add(covered.place.pk)
    if errors:
        raise ValidationError(errors)


def evaluation_write(
    *,
    evaluation: Evaluation | None,
    data: EvaluationInput,
    user: User | None,
    changes: Changes,
    reason: str = "",
    replace_links: bool = True,
    new: dict | None = None,
) -> Evaluation:
    """Write an evaluation and what it holds, only where something differs (no scope check: callers do it).

    `evaluation` None creates one, with the fields of `new` besides those of `data`. With `replace_links`
    False (imports), outcomes and places are only added to, so links a user made survive a re-import of
    the published document.
    """
    values = data.scalar_values()
    if data.document_file is not None:
        document_check(data.document_file)
        values["document_file"] = data.document_file
    elif data.clear_document_file and evaluation is not None and evaluation.document_file:
        values["document_file"] = ""
    if "document_file" in values and evaluation is not None and evaluation.document_file:
        _file_delete_on_commit(field=evaluation.document_file)
    if evaluation is None:
        evaluation = model_create(
            model=Evaluation, data={**(new or {}), **values, "created_by": user}, user=user, reason=reason
        )
        changes.tally("evaluations", "created")
    else:
        _, updated = model_update(instance=evaluation, data=values, user=user, reason=reason)
        changes.tally("evaluations", "updated" if updated else "unchanged")

    links_sync(
        kind="outcome links",
        manager=evaluation.outcomes,
        objects=data.outcomes,
        changes=changes,
        add_only=not replace_links,
    )
    if replace_links:
        links_sync(kind="region links", manager=evaluation.regions, objects=data.regions, changes=changes)
        links_sync(kind="indicator links", manager=evaluation.indicators, objects=data.indicators, changes=changes)
    _places_sync(evaluation=evaluation, places=data.places, changes=changes, add_only=not replace_links)
    if changes.changed:  # the dashboard's follow-up counts recommendations of published evaluations
        counts_cache_invalidate()
    parent = {"evaluation": evaluation}
    rows_sync(
        kind="questions",
        model=EvaluationQuestion,
        parent=parent,
        key_fields=("number",),
        desired=[{"number": number, "text": text} for number, text in enumerate(data.questions, start=1)],
        user=user,
        changes=changes,
        reason=reason,
    )
    rows_sync(
        kind="findings",
        model=Finding,
        parent=parent,
        key_fields=("criterion",),
        desired=[
            {
                "criterion": finding.criterion,
                "text": finding.text.strip(),
                **({"heading": finding.heading.strip()} if finding.heading is not None else {}),
            }
            for finding in data.findings
            if finding.text.strip()
        ],
        user=user,
        changes=changes,
        reason=reason,
    )
    lessons = [(Lesson.Kind.LESSON, text) for text in data.lessons] + [
        (Lesson.Kind.GOOD_PRACTICE, text) for text in data.good_practices
    ]
    positions: dict[str, int] = {}
    desired = []
    for kind, text in lessons:
        positions[kind] = positions.get(kind, 0) + 1
        desired.append({"kind": kind, "position": positions[kind], "text": text})
    rows_sync(
        kind="lessons",
        model=Lesson,
        parent=parent,
        key_fields=("kind", "position"),
        desired=desired,
        user=user,
        changes=changes,
        reason=reason,
    )
    return evaluation


def _file_delete_on_commit(*, field: FieldFile) -> None:
    """Delete a replaced or removed report from storage once the change is committed (kept if it rolls back)."""
    storage, name = field.storage, field.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _places_sync(*, evaluation: Evaluation, places: list[PlaceCovered], changes: Changes, add_only: bool) -> None:
    existing = {link.place_id: link for link in EvaluationPlace.objects.filter(evaluation=evaluation)}
    wanted = set()
    for position, covered in enumerate(places, start=1):
        wanted.add(covered.place.pk)
        values = {"reported_name": covered.reported_name, "is_case_study": covered.is_case_study, "position": position}
        link = existing.get(covered.place.pk)
        if link is None:
            model_create(model=EvaluationPlace, data={"evaluation": evaluation, "place": covered.place, **values})
            changes.tally("places covered", "created")
        elif model_update(instance=link, data=values)[1]:
            changes.tally("places covered", "updated")
    if not add_only:
        removed = [link.pk for place_id, link in existing.items() if place_id not in wanted]
        if removed:
            EvaluationPlace.objects.filter(pk__in=removed).delete()
            changes.tally("places covered", "deleted", len(removed))


@in_source_language
@transaction.atomic
def evaluation_create(*, user: User | None, data: EvaluationInput) -> Evaluation:
    """Enter an evaluation in the register; the user's scope must cover the regions and outcomes it is tagged with."""
    evaluation_edit_check(user=user, region_ids=data.region_ids, outcome_ids=data.outcome_ids)
    evaluation_publish_check(user=user, current=Evaluation.Status.DRAFT, wanted=data.status)
    _check_input(data=data)
    return evaluation_write(
        evaluation=None,
        data=data,
        user=user,
        changes=Changes(),
        reason="Entered",
        new={"source": Evaluation.Source.ENTRY},
    )


@in_source_language
@transaction.atomic
def evaluation_update(*, user: User | None, evaluation: Evaluation, data: EvaluationInput) -> Changes:
    """Edit an evaluation; the user's scope must cover it both as it was and as it becomes."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    evaluation_edit_check(user=user, evaluation=evaluation)
    evaluation_edit_check(user=user, region_ids=data.region_ids, outcome_ids=data.outcome_ids)
    evaluation_publish_check(user=user, current=evaluation.status, wanted=data.status)
    _check_input(data=data, exclude_pk=evaluation.pk)
    changes = Changes()
    evaluation_write(evaluation=evaluation, data=data, user=user, changes=changes, reason="Edited")
    return changes
