"""Filters of the register, the recommendations and the follow-up tracker, shared by pages and the API.

Selectors apply them; they build on the query conditions of `evaluations.conditions` and never import a selector.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.conditions import (
    action_bucket_q,
    action_outcome_q,
    evaluation_outcome_q,
    evaluation_search,
    recommendation_outcome_q,
    recommendation_state_q,
)
from evaluations.models import Evaluation, EvaluationPlace, FollowUpAction, FollowUpState, Recommendation
from indicators.filters import PersonFilter
from outcomes.models import Outcome
from places.models import Place, Region
from rbm.filters import IdFilter
from rbm.replica import replica_read

ACTION_STATUS_CHOICES = [
    ("open", _("open (not started or in progress)")),
    ("overdue", _("overdue")),
    *FollowUpAction.Status.choices,
]


OUTCOME_CHOICE = _("%(framework)s · Outcome %(number)s")


class OutcomeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Outcome) -> str:
        return OUTCOME_CHOICE % {"framework": obj.framework.name, "number": obj.number}


class OutcomeFilter(django_filters.ModelChoiceFilter):
    field_class = OutcomeChoiceField


def _outcomes() -> QuerySet[Outcome]:
    return Outcome.objects.select_related("framework").order_by("framework__start_year", "position", "number")


@replica_read  # read when the register's form renders, outside the selector that made it
def _years() -> list[tuple[int, str]]:
    years = Evaluation.objects.filter(year__isnull=False).order_by("-year").values_list("year", flat=True).distinct()
    return [(year, str(year)) for year in years]


class EvaluationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=Evaluation.Kind.choices, label=_("Type"), empty_label=_("any type"))
    timing = django_filters.ChoiceFilter(
        choices=Evaluation.Timing.choices, label=_("Timing"), empty_label=_("any timing")
    )
    independence = django_filters.ChoiceFilter(
        choices=Evaluation.Independence.choices, label=_("Independence"), empty_label=_("any")
    )
    year = django_filters.ChoiceFilter(choices=_years, label=_("Year"), empty_label=_("any year"), field_name="year")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.order_by("position"),
        method="filter_region",
        label=_("Region"),
        empty_label=_("any region"),
    )
    place = django_filters.ModelChoiceFilter(
        queryset=Place.objects.order_by("name"), method="filter_place", label=_("Place"), empty_label=_("any place")
    )
    outcome = OutcomeFilter(
        queryset=_outcomes(), method="filter_outcome", label=_("Outcome"), empty_label=_("any outcome")
    )
    follow_up = django_filters.ChoiceFilter(
        choices=FollowUpState.choices,
        method="filter_follow_up",
        label=_("Follow-up"),
        empty_label=_("any follow-up"),
        help_text=_("Evaluations with at least one recommendation in this state."),
    )
    status = django_filters.ChoiceFilter(
        choices=Evaluation.Status.choices, label=_("Status"), empty_label=_("any status")
    )
    sort = django_filters.OrderingFilter(
        fields=(("year", "year"), ("title", "title"), ("kind", "kind")),
        field_labels={"year": _("Year"), "title": _("Title"), "kind": _("Type")},
        label=_("Sort by"),
        empty_label=_("newest first"),
    )

    class Meta:
        model = Evaluation
        fields = ("q", "kind", "timing", "independence", "year", "region", "place", "outcome", "follow_up", "status")

    def filter_search(self, queryset: QuerySet[Evaluation], name: str, value: str) -> QuerySet[Evaluation]:
        return evaluation_search(queryset, value)

    def filter_region(self, queryset: QuerySet[Evaluation], name: str, value: Region) -> QuerySet[Evaluation]:
        tagged = Evaluation.regions.through.objects.filter(evaluation_id=OuterRef("pk"), region=value)
        covering = EvaluationPlace.objects.filter(evaluation_id=OuterRef("pk"), place__region=value)
        return queryset.filter(Q(Exists(tagged)) | Q(Exists(covering)))

    def filter_place(self, queryset: QuerySet[Evaluation], name: str, value: Place) -> QuerySet[Evaluation]:
        covering = EvaluationPlace.objects.filter(evaluation_id=OuterRef("pk"), place=value)
        recommending = Recommendation.objects.filter(evaluation_id=OuterRef("pk"), places=value)
        return queryset.filter(Q(Exists(covering)) | Q(Exists(recommending)))

    def filter_outcome(self, queryset: QuerySet[Evaluation], name: str, value: Outcome) -> QuerySet[Evaluation]:
        return queryset.filter(evaluation_outcome_q(value))

    def filter_follow_up(self, queryset: QuerySet[Evaluation], name: str, value: str) -> QuerySet[Evaluation]:
        in_state = Recommendation.objects.filter(
            recommendation_state_q(state=value, today=timezone.localdate()), evaluation_id=OuterRef("pk")
        )
        return queryset.filter(Exists(in_state))


class RecommendationFilter(django_filters.FilterSet):
    evaluation = IdFilter(field_name="evaluation_id", label=_("Evaluation"))
    outcome = OutcomeFilter(queryset=_outcomes(), method="filter_outcome", label=_("Outcome"))
    place = django_filters.ModelChoiceFilter(queryset=Place.objects.all(), method="filter_place", label=_("Place"))
    stance = django_filters.ChoiceFilter(choices=Recommendation.Stance.choices, label=_("Stance"))
    follow_up = django_filters.ChoiceFilter(
        choices=FollowUpState.choices, method="filter_follow_up", label=_("Follow-up")
    )

    class Meta:
        model = Recommendation
        fields = ("evaluation", "outcome", "place", "stance", "follow_up")

    def filter_outcome(self, queryset: QuerySet[Recommendation], name: str, value: Outcome) -> QuerySet[Recommendation]:
        return queryset.filter(recommendation_outcome_q(value))

    def filter_place(self, queryset: QuerySet[Recommendation], name: str, value: Place) -> QuerySet[Recommendation]:
        return queryset.filter(
            Exists(Recommendation.places.through.objects.filter(recommendation_id=OuterRef("pk"), place=value))
        )

    def filter_follow_up(self, queryset: QuerySet[Recommendation], name: str, value: str) -> QuerySet[Recommendation]:
        return queryset.filter(recommendation_state_q(state=value, today=timezone.localdate()))


class FollowUpActionFilter(django_filters.FilterSet):
    unit = django_filters.CharFilter(field_name="unit", lookup_expr="iexact", label=_("Unit"))
    outcome = OutcomeFilter(
        queryset=_outcomes(), method="filter_outcome", label=_("Outcome"), empty_label=_("any outcome")
    )
    status = django_filters.ChoiceFilter(
        choices=ACTION_STATUS_CHOICES, method="filter_status", label=_("Status"), empty_label=_("any status")
    )
    evaluation = IdFilter(field_name="recommendation__evaluation_id", label=_("Evaluation"))
    owner = PersonFilter(
        queryset=get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username"),
        label=_("Owner"),
        empty_label=_("anyone"),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.order_by("position"),
        method="filter_region",
        label=_("Region"),
        empty_label=_("any region"),
    )
    sort = django_filters.OrderingFilter(
        fields=(("due_date", "due"), ("status", "status"), ("unit", "unit")),
        field_labels={"due_date": _("Due"), "status": _("Status"), "unit": _("Unit")},
        label=_("Sort by"),
        empty_label=_("soonest due first"),
    )

    class Meta:
        model = FollowUpAction
        fields = ("unit", "outcome", "status", "owner", "region", "evaluation")

    def filter_region(self, queryset: QuerySet[FollowUpAction], name: str, value: Region) -> QuerySet[FollowUpAction]:
        """Actions on recommendations about a place of the region, or of evaluations tagged with it."""
        recommending = Recommendation.places.through.objects.filter(
            recommendation_id=OuterRef("recommendation_id"), place__region=value
        )
        tagged = Evaluation.regions.through.objects.filter(
            evaluation_id=OuterRef("recommendation__evaluation_id"), region=value
        )
        return queryset.filter(Q(Exists(recommending)) | Q(Exists(tagged)))

    def filter_outcome(self, queryset: QuerySet[FollowUpAction], name: str, value: Outcome) -> QuerySet[FollowUpAction]:
        return queryset.filter(action_outcome_q(outcome_id=value.pk))

    def filter_status(self, queryset: QuerySet[FollowUpAction], name: str, value: str) -> QuerySet[FollowUpAction]:
        if value in ("open", "overdue"):
            return queryset.filter(action_bucket_q(bucket=value, today=timezone.localdate()))
        return queryset.filter(status=value)
