"""Filter pieces every app's filter sets share."""

import django_filters
from django import forms

from rbm.limits import ID_MAX


class IdField(forms.IntegerField):
    """A record's id: a whole number from 1 to the largest id the database holds (a larger one is a form error)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    field_class = IdField
