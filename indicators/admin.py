from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, PublishedFigure, Result, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "statement", "unit", "outcome", "framework")
    list_filter = ("framework", "unit_kind")
    search_fields = ("code", "statement")
    list_select_related = ("outcome", "framework")
    raw_id_fields = ("predecessor",)
    inlines = (TargetInline,)


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "biennium", "value", "text")
    list_filter = ("biennium",)
    list_select_related = ("indicator", "biennium")


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    list_display = ("indicator", "biennium", "text", "value", "source")
    list_filter = ("biennium",)
    list_select_related = ("indicator", "biennium")


@admin.register(Result)
class ResultAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "biennium", "place", "entity_name", "status", "source", "updated_at")
    list_filter = ("biennium", "status", "source", "place__region")
    search_fields = ("indicator__code", "place__name", "entity_name", "description")
    list_select_related = ("indicator", "biennium", "place")
    raw_id_fields = ("place", "created_by")
