from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import Biennium, Outcome, OutcomeNarrative, SignificantOutput, StrategicFramework
from outcomes.rules import BIENNIUM_CLOSED
from rbm.admin import FrozenWhenClosedAdmin, ReadOnlyAdmin, ReadOnlyInline


def framework_closed_biennium(framework) -> Biennium | None:
    """The first closed biennium of a strategic framework, or None while all of them are open."""
    if framework is None:
        return None
    return Biennium.objects.filter(framework=framework, is_closed=True).order_by("start_year").first()


class FrameworkFrozenWhenClosedAdmin(FrozenWhenClosedAdmin):
    """Framework data (outcomes, indicators) is printed in every biennium's report: frozen once one is closed."""

    closed_message = BIENNIUM_CLOSED

    def closed_biennium_of(self, obj):
        return framework_closed_biennium(obj.framework)

    def closed_biennium_for(self, cleaned_data: dict):
        return framework_closed_biennium(cleaned_data.get("framework"))


class BienniumInline(ReadOnlyInline, admin.TabularInline):
    model = Biennium


@admin.register(StrategicFramework)
class StrategicFrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "start_year", "end_year")
    inlines = (BienniumInline,)


@admin.register(Biennium)
class BienniumAdmin(ReadOnlyAdmin):
    """Biennia are closed and reopened on the Biennia page, with a reason kept in their log."""

    list_display = ("label", "framework", "is_closed")
    list_filter = ("is_closed", "framework")
    list_select_related = ("framework",)


@admin.register(Outcome)
class OutcomeAdmin(FrameworkFrozenWhenClosedAdmin):
    list_display = ("number", "statement", "framework", "position")
    list_filter = ("framework",)
    search_fields = ("number", "statement")
    list_select_related = ("framework",)


class SignificantOutputInline(ReadOnlyInline, admin.TabularInline):
    model = SignificantOutput


@admin.register(OutcomeNarrative)
class OutcomeNarrativeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Narratives are edited on their page, under the version lock and the closed-biennium rule."""

    list_display = ("outcome", "biennium", "updated_at", "updated_by")
    list_filter = ("biennium",)
    list_select_related = ("outcome", "biennium", "updated_by")
    inlines = (SignificantOutputInline,)
