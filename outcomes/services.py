"""Writing outcomes' narratives: the text of an outcome's section in the implementation report."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from outcomes.models import Biennium, Outcome, OutcomeNarrative, SignificantOutput
from outcomes.narrative_text import SECTION_FIELDS, narrative_parse, paragraphs
from outcomes.selectors import narrative_can_edit
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed

NARRATIVE_FIELDS = [*SECTION_FIELDS, "outputs_introduction"]

NARRATIVE_BIENNIUM_CLOSED = _("The biennium %(biennium)s is closed; its narratives cannot change.")
NARRATIVE_NOT_ALLOWED = _("Only managers and administrators responsible for this outcome may edit its narrative.")
NARRATIVE_CHANGED = _(
    "Someone else saved this narrative at %(when)s, after you opened it. Reload the page to see their "
    "changes, then make yours again."
)
NARRATIVE_UNREADABLE = _("The narrative was not imported: %(count)d problem(s) found; nothing was saved.")
NARRATIVE_OUTCOME_UNKNOWN = _(
    "Outcome %(number)s is not in the framework of %(biennium)s; import its indicator table first."
)
NARRATIVE_OUTCOME_FRAMEWORK = _("The outcome does not belong to the framework of %(biennium)s.")


@dataclass
class NarrativeChanges:
    """What a save changed: the narrative's fields and the outputs created, updated or deleted."""

    created: bool = False
    fields: list[str] = field(default_factory=list)
    outputs_created: int = 0
    outputs_updated: int = 0
    outputs_deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.fields or self.outputs_created or self.outputs_updated or self.outputs_deleted)


@transaction.atomic
def outcome_narrative_update(
    *,
    user: User,
    outcome: Outcome,
    biennium: Biennium,
    sections: dict[str, str],
    outputs: dict[str, list[str]],
    expected_updated_at: datetime | None = None,
) -> NarrativeChanges:
    """Save an outcome's narrative for a biennium as edited in the browser.

    `sections` maps the narrative's fields to their text; `outputs` maps each category of significant
    outputs to its items, in order. `expected_updated_at` is when the editor read the narrative (None
    when there was none yet): a save made meanwhile by someone else is refused, not overwritten.
    """
    if not narrative_can_edit(user=user, outcome=outcome):
        raise NotAllowed(NARRATIVE_NOT_ALLOWED)
    _ensure_open(biennium=biennium, outcome=outcome)
    narrative = OutcomeNarrative.objects.select_for_update().filter(outcome=outcome, biennium=biennium).first()
    if narrative is not None and narrative.updated_at != expected_updated_at:
        raise ConflictError(NARRATIVE_CHANGED % {"when": narrative.updated_at.strftime("%Y-%m-%d %H:%M:%S %Z")})
    return _narrative_save(
        outcome=outcome,
        biennium=biennium,
        narrative=narrative,
        values={name: _normalise(sections.get(name, "")) for name in NARRATIVE_FIELDS},
        outputs=[
            (category, " ".join(text.split()))
            for category in SignificantOutput.Category.values
            for text in outputs.get(category, [])
            if text.strip()
        ],
        user=user,
        reason="Edited in the browser",
    )


@transaction.atomic
def outcome_narrative_import(*, text: str, biennium: Biennium, source: str = "") -> NarrativeChanges:
    """Import an outcome's narrative from a report in the layout of seed 000; running it again changes nothing."""
    parsed = narrative_parse(text=text)
    if parsed.problems:
        raise ApplicationError(
            NARRATIVE_UNREADABLE % {"count": len(parsed.problems)},
            extra={"problems": [str(problem) for problem in parsed.problems]},
        )
    outcome = Outcome.objects.filter(framework_id=biennium.framework_id, number=parsed.outcome_number).first()
    if outcome is None:
        raise ValidationError(NARRATIVE_OUTCOME_UNKNOWN % {"number": parsed.outcome_number, "biennium": biennium})
    _ensure_open(biennium=biennium, outcome=outcome)
    narrative = OutcomeNarrative.objects.select_for_update().filter(outcome=outcome, biennium=biennium).first()
    values = {name: "\n\n".join(parsed.sections.get(name, [])) for name in NARRATIVE_FIELDS}
    values["source"] = source
    return _narrative_save(
        outcome=outcome,
        biennium=biennium,
        narrative=narrative,
        values=values,
        outputs=parsed.outputs,
        user=None,
        reason=f"Imported from {source or 'a published report'}",
    )


def outcome_narrative_import_file(*, path: str, biennium: Biennium) -> NarrativeChanges:
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError({"path": str(error)}) from error
    return outcome_narrative_import(text=text, biennium=biennium, source=file.name)


def _ensure_open(*, biennium: Biennium, outcome: Outcome) -> None:
    if outcome.framework_id != biennium.framework_id:
        raise ValidationError(NARRATIVE_OUTCOME_FRAMEWORK % {"biennium": biennium})
    if biennium.is_closed:
        raise ApplicationError(NARRATIVE_BIENNIUM_CLOSED % {"biennium": biennium.label})


def _normalise(text: str) -> str:
    """Store a section as its paragraphs, one blank line between them, each on one line."""
    return "\n\n".join(paragraphs(text))


def _narrative_save(
    *,
    outcome: Outcome,
    biennium: Biennium,
    narrative: OutcomeNarrative | None,
    values: dict[str, str],
    outputs: list[tuple[str, str]],
    user: User | None,
    reason: str,
) -> NarrativeChanges:
    """Write only what differs, so the history records real changes and a repeated save records none."""
    changes = NarrativeChanges()
    if narrative is None:
        narrative = OutcomeNarrative(outcome=outcome, biennium=biennium, updated_by=user, **values)
        changes.created = True
    else:
        changes.fields = [name for name, value in values.items() if getattr(narrative, name) != value]
        for name in changes.fields:
            setattr(narrative, name, values[name])
    if changes.created or changes.fields:
        narrative.updated_by = user
        _mark(narrative, user=user, reason=reason)
        narrative.full_clean()
        narrative.save()

    existing = {output.position: output for output in narrative.outputs.all()} if not changes.created else {}
    for position, (category, text) in enumerate(outputs, start=1):
        output = existing.pop(position, None)
        if output is None:
            output = SignificantOutput(narrative=narrative, position=position, category=category, text=text)
            changes.outputs_created += 1
        elif (output.category, output.text) != (category, text):
            output.category, output.text = category, text
            changes.outputs_updated += 1
        else:
            continue
        _mark(output, user=user, reason=reason)
        output.full_clean()
        output.save()
    for output in existing.values():
        _mark(output, user=user, reason=reason)
        output.delete()
        changes.outputs_deleted += 1

    if changes.changed and not (changes.created or changes.fields):
        # The outputs changed alone: touch the narrative so its `updated_at` guards concurrent edits too.
        narrative.updated_by = user
        _mark(narrative, user=user, reason=reason)
        narrative.save(update_fields=["updated_at", "updated_by"])
    return changes


def _mark(instance: models.Model, *, user: User | None, reason: str) -> None:
    """Tell django-simple-history who made the change and why, whether or not a request is around."""
    # django-simple-history reads these attributes when the instance is saved; no stub declares them.
    instance._change_reason = reason  # type: ignore[attr-defined]
    if user is not None:
        instance._history_user = user  # type: ignore[attr-defined]
