from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outcomes.models import (
    Biennium,
    Edition,
    EditionFile,
    Outcome,
    OutcomeNarrative,
    SignificantOutput,
    StrategicFramework,
)


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


class EditionFileInline(admin.TabularInline):
    model = EditionFile
    extra = 0
    fields = ("language", "format", "file", "size", "sha256")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions are published by the publishing service and never change: read-only here."""

    list_display = ("biennium", "number", "title", "as_of", "published_at", "published_by")
    list_filter = ("biennium",)
    list_select_related = ("biennium", "published_by")
    exclude = ("content",)
    inlines = (EditionFileInline,)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
