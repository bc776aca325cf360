from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import Biennium, Outcome, OutcomeNarrative, SignificantOutput, StrategicFramework


class BienniumInline(admin.TabularInline):
    model = Biennium
    extra = 0


@admin.register(StrategicFramework)
class StrategicFrameworkAdmin(admin.ModelAdmin):
    list_display = ("name", "start_year", "end_year")
    inlines = (BienniumInline,)


@admin.register(Biennium)
class BienniumAdmin(admin.ModelAdmin):
    list_display = ("label", "framework", "is_closed")
    list_filter = ("is_closed", "framework")
    list_select_related = ("framework",)


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("number", "statement", "framework", "position")
    list_filter = ("framework",)
    search_fields = ("number", "statement")
    list_select_related = ("framework",)


class SignificantOutputInline(admin.TabularInline):
    model = SignificantOutput
    extra = 0


@admin.register(OutcomeNarrative)
class OutcomeNarrativeAdmin(SimpleHistoryAdmin):
    list_display = ("outcome", "biennium", "updated_at", "updated_by")
    list_filter = ("biennium",)
    list_select_related = ("outcome", "biennium", "updated_by")
    inlines = (SignificantOutputInline,)
