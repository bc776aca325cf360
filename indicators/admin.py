from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.counts_cache import counts_cache_invalidate
from indicators.models import (
    CountryProgramme,
    CountryProgrammeContribution,
    CountryProgrammeOutcome,
    Indicator,
    PublishedFigure,
    Result,
    Target,
)
from indicators.rules import PROGRAMME_OTHER_PLACE, programme_outcome_code_problem
from outcomes.admin import FrameworkFrozenWhenClosedAdmin
from outcomes.models import Biennium
from outcomes.rules import BIENNIUM_CLOSED
from rbm.admin import FrozenWhenClosedAdmin, ReadOnlyAdmin, ReadOnlyInline


class CountsInvalidatingAdmin(admin.ModelAdmin):
    """An edit in the admin changes what the counts derive from: it drops the counts cache, as the services do."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        counts_cache_invalidate()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        counts_cache_invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        counts_cache_invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        counts_cache_invalidate()


class BienniumFrozenWhenClosedAdmin(FrozenWhenClosedAdmin):
    """Figures of one biennium: editable here while it is open, frozen once it is closed."""

    closed_message = BIENNIUM_CLOSED

    def closed_biennium_of(self, obj):
        return obj.biennium if obj.biennium.is_closed else None

    def closed_biennium_for(self, cleaned_data: dict):
        biennium: Biennium | None = cleaned_data.get("biennium")
        return biennium if biennium is not None and biennium.is_closed else None


class TargetInline(ReadOnlyInline, admin.TabularInline):
    model = Target


@admin.register(Indicator)
class IndicatorAdmin(FrameworkFrozenWhenClosedAdmin, CountsInvalidatingAdmin, SimpleHistoryAdmin):
    """Indicators are framework data: editable here while every biennium of their framework is open."""

    list_display = ("code", "statement", "unit", "outcome", "framework")
    list_filter = ("framework", "unit_kind")
    search_fields = ("code", "statement")
    list_select_related = ("outcome", "framework")
    raw_id_fields = ("predecessor",)
    inlines = (TargetInline,)


@admin.register(Target)
class TargetAdmin(BienniumFrozenWhenClosedAdmin, CountsInvalidatingAdmin, SimpleHistoryAdmin):
    list_display = ("indicator", "biennium", "value", "text")
    list_filter = ("biennium",)
    list_select_related = ("indicator", "biennium")


@admin.register(PublishedFigure)
class PublishedFigureAdmin(BienniumFrozenWhenClosedAdmin, CountsInvalidatingAdmin):
    list_display = ("indicator", "biennium", "text", "value", "source")
    list_filter = ("biennium",)
    list_select_related = ("indicator", "biennium")


# Results change through the pages, the API and the bulk upload, whose services keep the workflow (status,
# reviewer, version lock, reasons, history): read-only here.
@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("indicator", "biennium", "place", "entity_name", "status", "source", "updated_at")
    list_filter = ("biennium", "status", "source", "place__region")
    search_fields = ("indicator__code", "place__name", "entity_name", "description")
    list_select_related = ("indicator", "biennium", "place")
    raw_id_fields = ("place", "created_by", "programme_outcome")


@admin.register(CountryProgramme)
class CountryProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ("title", "place", "start_year", "end_year", "status")
    list_filter = ("status", "place__region")
    search_fields = ("title", "place__name")
    list_select_related = ("place",)


class ProgrammeOutcomeAdminForm(forms.ModelForm):
    """The rules the CPO services apply: the code starts with the place's ISO code, the programme is the place's."""

    class Meta:
        model = CountryProgrammeOutcome
        fields = ("place", "code", "title", "programme")

    def clean(self):
        data = super().clean()
        place, code, programme = data.get("place"), data.get("code", ""), data.get("programme")
        if place is not None and code:
            data["code"] = code.strip().upper()
            if problem := programme_outcome_code_problem(code=code, place=place):
                self.add_error("code", problem)
        if place is not None and programme is not None and programme.place_id != place.pk:
            self.add_error("programme", PROGRAMME_OTHER_PLACE % {"title": programme.title, "place": place.name})
        return data


class ContributionInline(admin.TabularInline):
    model = CountryProgrammeContribution
    extra = 0
    raw_id_fields = ("indicator",)


@admin.register(CountryProgrammeOutcome)
class ProgrammeOutcomeAdmin(SimpleHistoryAdmin):
    form = ProgrammeOutcomeAdminForm
    list_display = ("code", "title", "place", "programme")
    list_filter = ("place__region",)
    search_fields = ("code", "title", "place__name")
    list_select_related = ("place", "programme")
    inlines = (ContributionInline,)
