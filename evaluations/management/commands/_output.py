"""Reporting an import's outcome the same way from both import commands."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from evaluations.services import ImportResult
from rbm.exceptions import ApplicationError
from rbm.parsers import ImportRejected


def run_import(command, path: str, do_import) -> ImportResult:
    """Run an import; print every problem (with its line) and fail, or print what changed."""
    try:
        result = do_import()
    except ImportRejected as rejected:
        for problem in rejected.problems:
            command.stderr.write(f"{path}: {problem}")
        raise CommandError(rejected.message) from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    except ApplicationError as error:
        raise CommandError(error.message) from None
    changes = result.changes
    for kind in changes.kinds:
        command.stdout.write(
            f"{kind}: {changes.created.get(kind, 0)} created, {changes.updated.get(kind, 0)} updated, "
            f"{changes.deleted.get(kind, 0)} removed, {changes.unchanged.get(kind, 0)} unchanged"
        )
    for note in result.notes:
        command.stdout.write(command.style.WARNING(note))
    command.stdout.write(
        command.style.SUCCESS(
            f"Imported: {result.evaluation} (id {result.evaluation.pk})." if changes.changed else "Nothing to change."
        )
    )
    return result
