from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, PublishedFigure, Result, Target


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


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(CountsInvalidatingAdmin, SimpleHistoryAdmin):
    list_display = ("code", "statement", "unit", "outcome", "framework")
    list_filter = ("framework", "unit_kind")
    search_fields = ("code", "statement")
    list_select_related = ("outcome", "framework")
    raw_id_fields = ("predecessor",)
    inlines = (TargetInline,)


@admin.register(Target)
class TargetAdmin(CountsInvalidatingAdmin, SimpleHistoryAdmin):
    list_display = ("indicator", "biennium", "value", "text")
    list_filter = ("biennium",)
    list_select_related = ("indicator", "biennium")


@admin.register(PublishedFigure)
class PublishedFigureAdmin(CountsInvalidatingAdmin):
    list_display = ("indicator", "biennium", "text", "value", "source")
    list_filter = ("biennium",)
    list_select_related = ("indicator", "biennium")


@admin.register(Result)
class ResultAdmin(CountsInvalidatingAdmin, SimpleHistoryAdmin):
    list_display = ("indicator", "biennium", "place", "entity_name", "status", "source", "updated_at")
    list_filter = ("biennium", "status", "source", "place__region")
    search_fields = ("indicator__code", "place__name", "entity_name", "description")
    list_select_related = ("indicator", "biennium", "place")
    raw_id_fields = ("place", "created_by")
