"""Printing an import's problems (with their lines) or what it changed, for the plans' commands."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from rbm.exceptions import ApplicationError
from rbm.parsers import ImportRejected
from rbm.services import Changes


def run_import(command, path: str, do_import):
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
    changes_print(command, result.changes)
    return result


def changes_print(command, changes: Changes) -> None:
    for kind in changes.kinds:
        command.stdout.write(
            f"{kind}: {changes.created.get(kind, 0)} created, {changes.updated.get(kind, 0)} updated, "
            f"{changes.deleted.get(kind, 0)} removed, {changes.unchanged.get(kind, 0)} unchanged"
        )
