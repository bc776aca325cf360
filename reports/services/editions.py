"""Publishing an edition of a biennium's implementation report: freezing what was published.

An edition reads the report's content once per language, all in one snapshot (as of `at`, from the results'
kept history, when a past moment is named), with the derived figures of every indicator, builds every
format in every language with the report builders, and records all of it in one go
(`outcomes.services.edition_create`). Rebuilding the report as of the edition's moment gives its hash.
"""

import json
import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from indicators.selectors import indicator_counts_list
from outcomes.models import Biennium, Edition
from outcomes.rules import EDITION_NOT_ALLOWED, edition_can_publish
from outcomes.services import EDITION_NEEDS_TITLE, EditionDocument, edition_create
from rbm.exceptions import NotAllowed
from reports.builders import EXTENSIONS
from reports.models import ReportFormat
from reports.selectors import ReportContent, report_content
from reports.services.build import report_documents_build

logger = logging.getLogger(__name__)

EDITION_AT_FUTURE = _("An edition can only freeze figures of a moment that has passed.")
EDITION_TITLE_MAX = 300
EDITION_TITLE_TOO_LONG = _("The title is %(length)d characters long; keep it within %(limit)d.")
EDITION_QUEUE_DOWN = _(
    "The task queue cannot be reached right now, so the edition was not published; try again in a few minutes."
)


def edition_languages() -> list[str]:
    """Every language the site is built in, the site's own first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


def _title_clean(title: str) -> str:
    title = " ".join((title or "").replace("\x00", "").split())
    if not title:
        raise ValidationError({"title": EDITION_NEEDS_TITLE})
    if len(title) > EDITION_TITLE_MAX:
        raise ValidationError({"title": EDITION_TITLE_TOO_LONG % {"length": len(title), "limit": EDITION_TITLE_MAX}})
    return title


def _publish_check(*, user: User | None, title: str, at: datetime | None) -> str:
    if user is not None and not edition_can_publish(user=user):
        raise NotAllowed(EDITION_NOT_ALLOWED)
    if at is not None and at > timezone.now():
        raise ValidationError({"at": EDITION_AT_FUTURE})
    return _title_clean(title)


def _jsonable(value: object) -> object:
    """Plain JSON (lazy translations worded in the active language), as it will be stored."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _read(*, biennium: Biennium, at: datetime | None) -> tuple[datetime, dict[str, ReportContent], list[object]]:
    """Every language's content and the figures, in one snapshot: the same data whatever the language."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        read_at = timezone.now()
        # Read from the history as of the edition's moment, even "now": what a rebuild as of the edition reads.
        moment = at or read_at
        contents = {}
        for language in edition_languages():
            with translation.override(language):
                contents[language] = report_content(biennium=biennium, as_of=moment)
        with translation.override(settings.LANGUAGE_CODE):
            figures = _jsonable(indicator_counts_list(biennium=biennium, as_of=moment))
    return read_at, contents, figures  # type: ignore[return-value]


def edition_publish(
    *,
    user: User | None,
    biennium: Biennium,
    title: str,
    at: datetime | None = None,
    formats: list[str] | None = None,
) -> Edition:
    """Publish an edition of the biennium's report: its figures as of `at` (a past moment, read from the
    results' history) or as they are now, in every format and language. `user` None: a script publishes.

    Managers and administrators publish. The documents are built before anything is written; the edition and
    its files are then recorded together, numbered next in the biennium.
    """
    title = _publish_check(user=user, title=title, at=at)
    read_at, contents, figures = _read(biennium=biennium, at=at)
    documents: list[EditionDocument] = []
    for language, content in contents.items():
        with translation.override(language):
            built = report_documents_build(content=content, formats=formats or list(ReportFormat.values))
        documents.extend(
            EditionDocument(language=language, format=format, extension=EXTENSIONS[format], data=data)
            for format, data in built.files.items()
        )
    hashes = {language: content.content_hash for language, content in contents.items()}
    return edition_create(
        user=user,
        biennium=biennium,
        title=title,
        as_of=at or read_at,
        data_read_at=read_at,
        content_hash=hashes[settings.LANGUAGE_CODE],
        hashes=hashes,
        figures=figures,
        content={language: content.data for language, content in contents.items()},
        documents=documents,
    )


def edition_publish_request(*, user: User, biennium: Biennium, title: str, at: datetime | None = None) -> bool:
    """A manager's publication from a page: checked now, built by a worker once the request is committed.

    Returns False when the task queue cannot be reached (nothing is published; the user is told to retry).
    """
    title = _publish_check(user=user, title=title, at=at)
    # The task calls the service: imported here, the one circle the layers allow.
    from reports.tasks import edition_publish_task

    arguments = {
        "biennium_id": biennium.pk,
        "title": title,
        "user_id": user.pk,
        "at": at.isoformat() if at is not None else None,
    }
    queued: list[bool] = []

    def enqueue() -> None:
        try:
            edition_publish_task.apply_async(kwargs=arguments, retry=True, retry_policy={"max_retries": 2})
        except (BrokerError, OSError) as error:
            logger.warning("Edition of %s not queued, the broker is unreachable: %s", biennium.label, error)
            queued.append(False)
        else:
            queued.append(True)

    transaction.on_commit(enqueue, robust=True)
    return not queued or queued[0]


def edition_publish_run(*, biennium_id: int, title: str, user_id: int | None, at: str | None) -> Edition | None:
    """The body of the publishing task: load what the ids name (quietly nothing when gone) and publish."""
    biennium = Biennium.objects.select_related("framework").filter(pk=biennium_id).first()
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if biennium is None or (user_id is not None and user is None):
        return None
    return edition_publish(
        user=user, biennium=biennium, title=title, at=datetime.fromisoformat(at) if at is not None else None
    )
