"""Writing country results by the thousand, with their history: the one writer of the import, the Excel
upload and the synthetic data (COPY on PostgreSQL, see `rbm.bulk`)."""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser

from indicators.models import Result, ResultEvidence
from rbm.bulk import history_bulk_create, history_bulk_update


def results_bulk_create(
    *, results: Sequence[Result], user: AbstractBaseUser | None, change_reason: str, validate: bool = True
) -> list[Result]:
    """Insert unsaved results, each with its creation in the history; the results get their ids.

    Each is checked with `Result.clean()` first (no query when its indicator and biennium are loaded);
    the database holds the rest (uniqueness, the unnamed-entity rule). `validate=False` is for callers
    whose results are valid by construction or checked before (the synthetic data; the import and the Excel upload).
    """
    if validate:
        for result in results:
            result.clean()
    return history_bulk_create(model=Result, objs=results, user=user, change_reason=change_reason)


def results_bulk_update(
    *, results: Sequence[Result], fields: Sequence[str], user: AbstractBaseUser | None, change_reason: str
) -> None:
    """Write `fields` of saved results, each with a change in the history holding the whole result as it is now."""
    history_bulk_update(model=Result, objs=results, fields=fields, user=user, change_reason=change_reason)


def result_links_bulk_add(
    *, links: Sequence[ResultEvidence], user: AbstractBaseUser | None, change_reason: str | None = None
) -> None:
    """Insert evidence links of results, each with its creation in the history."""
    history_bulk_create(model=ResultEvidence, objs=links, user=user, change_reason=change_reason)
