"""Filters and sorting of the validation queue and of a user's own results.

Selectors apply them to the results a user may see; they never widen what the scope allows.
"""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from indicators.models import Indicator, Result
from places.models import Place, Region
from rbm.template_library import person

AGE_CHOICES = [
    ("7", _("waiting more than a week")),
    ("30", _("waiting more than 30 days")),
    ("90", _("waiting more than 90 days")),
]
UPDATED_CHOICES = [
    ("7", _("changed in the last week")),
    ("30", _("changed in the last 30 days")),
    ("90", _("not changed for 90 days")),
]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def _indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("framework").order_by("framework__start_year", "position", "code")


def _recorders() -> QuerySet[User]:
    roles = [Role.OFFICER, Role.MANAGER, Role.ADMINISTRATOR]
    return get_user_model().objects.filter(profile__role__in=roles).order_by("first_name", "last_name", "username")


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} ({obj.framework.name})"


class IndicatorFilter(django_filters.ModelChoiceFilter):
    field_class = IndicatorChoiceField


class ResultFilter(django_filters.FilterSet):
    """What the queue and My results share: indicator, region, place."""

    indicator = IndicatorFilter(queryset=_indicators(), label=_("Indicator"), empty_label=_("any indicator"))
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.order_by("position"),
        field_name="place__region",
        label=_("Region"),
        empty_label=_("any region"),
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.order_by("name"), label=_("Place"), empty_label=_("any place")
    )

    class Meta:
        model = Result
        fields = ("indicator", "region", "place")


class ReviewQueueFilter(ResultFilter):
    submitter = PersonFilter(queryset=_recorders(), method="filter_submitter", label=_("Submitted by"))
    age = django_filters.ChoiceFilter(
        choices=AGE_CHOICES, method="filter_age", label=_("Waiting"), empty_label=_("any time")
    )
    sort = django_filters.OrderingFilter(
        fields=(("submitted_at", "submitted"), ("place__name", "place"), ("indicator__code", "indicator")),
        field_labels={"submitted_at": _("Submitted"), "place__name": _("Place"), "indicator__code": _("Indicator")},
        label=_("Sort by"),
        empty_label=_("oldest first"),
    )

    class Meta(ResultFilter.Meta):
        fields = ("indicator", "region", "place", "submitter", "age")

    def filter_submitter(self, queryset: QuerySet[Result], name: str, value: User) -> QuerySet[Result]:
        return queryset.filter(Q(last_edited_by=value) | Q(last_edited_by__isnull=True, created_by=value))

    def filter_age(self, queryset: QuerySet[Result], name: str, value: str) -> QuerySet[Result]:
        return queryset.filter(submitted_at__lt=timezone.now() - datetime.timedelta(days=int(value)))


class MyResultsFilter(ResultFilter):
    status = django_filters.ChoiceFilter(choices=Result.Status.choices, label=_("Status"), empty_label=_("any status"))
    updated = django_filters.ChoiceFilter(
        choices=UPDATED_CHOICES, method="filter_updated", label=_("Changed"), empty_label=_("any time")
    )
    sort = django_filters.OrderingFilter(
        fields=(("updated_at", "updated"), ("place__name", "place"), ("indicator__code", "indicator"), "status"),
        field_labels={
            "updated_at": _("Updated"),
            "place__name": _("Place"),
            "indicator__code": _("Indicator"),
            "status": _("Status"),
        },
        label=_("Sort by"),
        empty_label=_("returned first, then latest"),
    )

    class Meta(ResultFilter.Meta):
        fields = ("indicator", "region", "place", "status", "updated")

    def filter_updated(self, queryset: QuerySet[Result], name: str, value: str) -> QuerySet[Result]:
        since = timezone.now() - datetime.timedelta(days=int(value))
        if value == "90":
            return queryset.filter(updated_at__lt=since)
        return queryset.filter(updated_at__gte=since)
