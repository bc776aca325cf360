"""Writes of the results framework: closing and reopening a biennium, and outcomes' narratives."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.selectors import user_scope
from outcomes.models import (
    Biennium,
    BienniumStatusChange,
    Edition,
    EditionFile,
    Outcome,
    OutcomeNarrative,
    SignificantOutput,
)
from outcomes.parsers.narrative import SECTION_FIELDS, narrative_parse, paragraphs
from outcomes.rules import (
    EDITION_NOT_ALLOWED,
    NARRATIVE_NOT_ALLOWED,
    biennium_ensure_open,
    edition_can_publish,
    outcome_narrative_can_edit,
)
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed
from rbm.history import history_changes
from rbm.parsers import ImportRejected, text_file_read
from rbm.services import Changes, history_mark, model_create, model_update, rows_sync
from rbm.template_library import person
from rbm.translation import in_source_language

logger = logging.getLogger(__name__)

EDITION_NEEDS_TITLE = _("Give the edition a title, as it will be published.")
EDITION_FILE_NAME = "implementation-report-%(biennium)s-edition-%(number)d.%(extension)s"

NARRATIVE_FIELDS = [*SECTION_FIELDS, "outputs_introduction"]
# The kinds of record a narrative's save tallies in its Changes.
NARRATIVES = "narratives"
OUTPUTS = "significant outputs"

BIENNIUM_ALREADY_CLOSED = _("The biennium %(biennium)s is already closed.")
BIENNIUM_NOT_CLOSED = _("The biennium %(biennium)s is open already.")
CLOSE_NEEDS_MANAGER = _("Only a manager or an administrator can close a biennium.")
CLOSE_NEEDS_CONFIRMATION = _(
    "The biennium %(biennium)s still has %(count)d open result(s) (drafts, submitted or returned): they would "
    "stay as they are, never validated. Check the list and confirm that it closes anyway."
)
REOPEN_NEEDS_ADMINISTRATOR = _("Only an administrator can reopen a closed biennium.")
REOPEN_NEEDS_REASON = _("Give the reason for reopening the biennium.")
NARRATIVE_CHANGED = _(
    "%(who)s saved this narrative on %(when)s, after you opened it, so your changes were not saved yet. "
    "What changed meanwhile is shown below and the form still holds what you typed: check it and save again."
)
SOMEONE = _("Someone")
NARRATIVE_UNREADABLE = _("The narrative was not imported: %(count)d problem(s) found; nothing was saved.")
NARRATIVE_OUTCOME_UNKNOWN = _(
    "Outcome %(number)s is not in the framework of %(biennium)s; import its indicator table first."
)
NARRATIVE_OUTCOME_FRAMEWORK = _("The outcome does not belong to the framework of %(biennium)s.")


@transaction.atomic
def biennium_close(
    *, user: User, biennium: Biennium, open_results: int, confirmed: bool = False, reason: str = ""
) -> Biennium:
    """Close a biennium: from now on nothing in it changes.

    The results live in a higher layer, so the caller counts those still open (drafts, submitted or
    returned: `indicators.selectors.result_list_open`); with any, the close needs `confirmed`.
    """
    if not user_scope(user=user).can_validate:
        raise NotAllowed(CLOSE_NEEDS_MANAGER)
    biennium = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if biennium.is_closed:
        raise ApplicationError(BIENNIUM_ALREADY_CLOSED % {"biennium": biennium.label})
    if open_results and not confirmed:
        raise ApplicationError(CLOSE_NEEDS_CONFIRMATION % {"biennium": biennium.label, "count": open_results})
    biennium.is_closed = True
    biennium.save(update_fields=["is_closed"])
    reason = reason.strip()
    BienniumStatusChange.objects.create(
        biennium=biennium, action=BienniumStatusChange.Action.CLOSED, reason=reason, changed_by=user
    )
    # Names and reasons are logged with %r, so a line break typed into them cannot forge a log line.
    logger.info("Biennium %s closed by %r (user %s); reason: %r", biennium.label, user.get_username(), user.pk, reason)
    if open_results:
        logger.warning("Biennium %s closed with %d open result(s) left as they were", biennium.label, open_results)
    return biennium


@transaction.atomic
def biennium_reopen(*, user: User, biennium: Biennium, reason: str) -> Biennium:
    """Reopen a closed biennium: an administrator's act, with a reason kept in its log."""
    if not user_scope(user=user).is_administrator:
        raise NotAllowed(REOPEN_NEEDS_ADMINISTRATOR)
    if not reason.strip():
        raise ValidationError({"reason": REOPEN_NEEDS_REASON})
    biennium = Biennium.objects.select_for_update().get(pk=biennium.pk)
    if not biennium.is_closed:
        raise ApplicationError(BIENNIUM_NOT_CLOSED % {"biennium": biennium.label})
    biennium.is_closed = False
    biennium.save(update_fields=["is_closed"])
    reason = reason.strip()
    BienniumStatusChange.objects.create(
        biennium=biennium, action=BienniumStatusChange.Action.REOPENED, reason=reason, changed_by=user
    )
    logger.info(
        "Biennium %s reopened by %r (user %s); reason: %r", biennium.label, user.get_username(), user.pk, reason
    )
    return biennium


@in_source_language
@transaction.atomic
def outcome_narrative_update(
    *,
    user: User,
    outcome: Outcome,
    biennium: Biennium,
    sections: dict[str, str],
    outputs: dict[str, list[str]],
    expected_updated_at: datetime | None = None,
) -> Changes:
    """Save an outcome's narrative for a biennium as edited in the browser.

    `sections` maps the narrative's fields to their text; `outputs` maps each category of significant
    outputs to its items, in order. `expected_updated_at` is when the editor read the narrative (None
    when there was none yet): a save made meanwhile by someone else is refused, not overwritten.
    """
    if not outcome_narrative_can_edit(user=user, outcome=outcome):
        raise NotAllowed(NARRATIVE_NOT_ALLOWED)
    _ensure_open(biennium=biennium, outcome=outcome)
    narrative = OutcomeNarrative.objects.select_for_update().filter(outcome=outcome, biennium=biennium).first()
    if narrative is not None and narrative.updated_at != expected_updated_at:
        raise _narrative_conflict(narrative=narrative, seen_at=expected_updated_at)
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


@in_source_language
@transaction.atomic
def outcome_narrative_import(*, text: str, biennium: Biennium, source: str = "") -> Changes:
    """Import an outcome's narrative from a report in the layout of seed 000; running it again changes nothing."""
    parsed = narrative_parse(text=text)
    if parsed.problems:
        raise ImportRejected(parsed.problems, message=NARRATIVE_UNREADABLE)
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


def outcome_narrative_import_file(*, path: str, biennium: Biennium) -> Changes:
    """Import the narrative of a UTF-8 text file; a ValidationError on `path` when it cannot be read."""
    return outcome_narrative_import(text=text_file_read(path=path), biennium=biennium, source=Path(path).name)


def _narrative_conflict(*, narrative: OutcomeNarrative, seen_at: datetime | None) -> ConflictError:
    """The refusal of a stale save: who saved meanwhile and when, and what their save changed in each section."""
    records = narrative.history.select_related("history_user").order_by("-history_date", "-history_id")
    latest = records.first()
    seen = records.filter(updated_at=seen_at).first() if seen_at is not None else None
    changes = []
    if latest is not None and seen is not None:
        changes = [
            {"field": change.field, "was": change.old, "now": change.new}
            for change in history_changes(new=latest, old=seen, fields=NARRATIVE_FIELDS)
        ]
    elif latest is not None:
        meta = OutcomeNarrative._meta
        changes = [
            {
                "field": str(getattr(meta.get_field(name), "verbose_name", name)),
                "was": "",
                "now": getattr(narrative, name),
            }
            for name in NARRATIVE_FIELDS
            if getattr(narrative, name)
        ]
    who = person(narrative.updated_by) if narrative.updated_by else SOMEONE
    when = date_format(timezone.localtime(narrative.updated_at), "DATETIME_FORMAT")
    return ConflictError(
        NARRATIVE_CHANGED % {"who": who, "when": when},
        extra={"updated_at": narrative.updated_at.isoformat(), "changes": changes},
    )


def _ensure_open(*, biennium: Biennium, outcome: Outcome) -> None:
    if outcome.framework_id != biennium.framework_id:
        raise ValidationError(NARRATIVE_OUTCOME_FRAMEWORK % {"biennium": biennium})
    biennium_ensure_open(biennium=biennium)


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
) -> Changes:
    """Write only what differs, so the history records real changes and a repeated save records none."""
    changes = Changes()
    if narrative is None:
        data = {"outcome": outcome, "biennium": biennium, "updated_by": user, **values}
        narrative = model_create(model=OutcomeNarrative, data=data, user=user, reason=reason)
        changes.tally(NARRATIVES, "created")
    else:
        model_update(
            instance=narrative,
            data=values,
            stamp={"updated_by": user},
            user=user,
            reason=reason,
            changes=changes,
            kind=NARRATIVES,
        )
    rows_sync(
        kind=OUTPUTS,
        model=SignificantOutput,
        parent={"narrative": narrative},
        key_fields=("position",),
        desired=[
            {"position": position, "category": category, "text": text}
            for position, (category, text) in enumerate(outputs, start=1)
        ],
        changes=changes,
        user=user,
        reason=reason,
    )
    narrative_written = changes.created.get(NARRATIVES) or changes.updated.get(NARRATIVES)
    if changes.changed and not narrative_written:
        # The outputs changed alone: touch the narrative so its `updated_at` guards concurrent edits too.
        narrative.updated_by = user
        history_mark(narrative, user=user, reason=reason)
        narrative.save(update_fields=["updated_at", "updated_by"])
    return changes


@dataclass(frozen=True)
class EditionDocument:
    """One built document of an edition: its language, format (and file extension) and bytes."""

    language: str
    format: str
    extension: str
    data: bytes


@transaction.atomic
def edition_create(
    *,
    user: User | None,
    biennium: Biennium,
    title: str,
    as_of: datetime,
    data_read_at: datetime,
    content_hash: str,
    hashes: dict[str, str],
    figures: list[Any],
    content: dict[str, Any],
    documents: list[EditionDocument],
) -> Edition:
    """Record a complete edition, numbered next in its biennium, with its documents: all of it or nothing.

    Editions are never changed afterwards: there is no service to do it, and the admin shows them read-only.
    `user` None is a script's publication (the command names no person).
    """
    if user is not None and not edition_can_publish(user=user):
        raise NotAllowed(EDITION_NOT_ALLOWED)
    title = " ".join((title or "").replace("\x00", "").split())
    if not title:
        raise ValidationError({"title": EDITION_NEEDS_TITLE})
    locked = Biennium.objects.select_for_update().get(pk=biennium.pk)
    number = (Edition.objects.filter(biennium=locked).aggregate(last=Max("number"))["last"] or 0) + 1
    edition = Edition(
        biennium=locked,
        number=number,
        title=title,
        as_of=as_of,
        data_read_at=data_read_at,
        content_hash=content_hash,
        hashes=hashes,
        languages=sorted({document.language for document in documents}, key=[*hashes].index),
        figures=figures,
        content=content,
        published_by=user,
    )
    edition.full_clean()
    edition.save()
    written: list[str] = []
    try:
        for document in documents:
            item = EditionFile(
                edition=edition,
                language=document.language,
                format=document.format,
                size=len(document.data),
                sha256=hashlib.sha256(document.data).hexdigest(),
            )
            name = EDITION_FILE_NAME % {"biennium": locked.label, "number": number, "extension": document.extension}
            item.file.save(name, ContentFile(document.data), save=False)
            written.append(item.file.name or "")
            item.save()
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    logger.info(
        "Biennium %s edition %d published by %s: as of %s, content hash %s, %d files",
        locked.label,
        number,
        user.pk if user else "a script",
        as_of.isoformat(),
        content_hash,
        len(documents),
    )
    return edition
