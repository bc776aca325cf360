"""What the evaluation endpoints share: finding one record within the client's sight."""

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from rest_framework.exceptions import NotFound

ModelT = TypeVar("ModelT", bound=Model)


def object_or_not_found(queryset: QuerySet[ModelT], *, pk: int, message: str | Promise) -> ModelT:
    """The record of `queryset` (scoped to what the client may see) with this id; a 404 saying `message` otherwise.

    `message` names the id as %(id)s; the same answer for a record that is hidden and one that does not exist.
    """
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise NotFound(message % {"id": pk}) from None
