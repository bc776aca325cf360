"""Administration of plans of action. Matrices come from imports and statuses from the monitoring pages:
here they are read, and the plan's own facts (title, outcome, a target's baseline) corrected."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.admin import CountsInvalidatingAdmin
from plans.models import Activity, KeyOutputStatus, Means, Plan, PlanLink, Revision, Target, TargetEvent


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RevisionInline(ReadOnlyInline):
    model = Revision
    fields = ("number", "symbol", "session", "revises")


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ("ref", "kind", "text", "baseline", "baseline_date", "value", "deadline")
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(CountsInvalidatingAdmin, SimpleHistoryAdmin):  # the dashboard's plans section shows them
    list_display = ("symbol", "title", "period_start", "period_end", "outcome")
    search_fields = ("symbol", "title")
    raw_id_fields = ("outcome",)
    inlines = (RevisionInline, TargetInline)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("symbol", "plan", "number", "revises")
    readonly_fields = ("plan", "number", "symbol", "revises", "imported_at")
    list_select_related = ("plan", "revises")


class MeansInline(ReadOnlyInline):
    model = Means
    fields = ("numeral", "text", "timing_text", "timing_kind", "timing_start", "timing_end", "extra_text")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("__str__", "category")
    list_select_related = ("category__revision",)
    readonly_fields = ("category", "number", "text")
    inlines = (MeansInline,)


class EventInline(ReadOnlyInline):
    model = TargetEvent
    fields = ("place", "date", "reference")


@admin.register(Target)
class TargetAdmin(CountsInvalidatingAdmin, SimpleHistoryAdmin):
    list_display = ("ref", "plan", "kind", "baseline", "baseline_date", "value", "deadline")
    list_select_related = ("plan",)
    readonly_fields = ("plan", "ref", "kind")
    inlines = (EventInline,)


@admin.register(KeyOutputStatus)
class KeyOutputStatusAdmin(admin.ModelAdmin):
    """Statuses are the history of a key output: they are read here, never edited."""

    list_display = ("key_output", "biennium", "status", "recorded_by", "recorded_at")
    list_filter = ("status", "biennium")
    list_select_related = ("key_output", "biennium", "recorded_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanLink)
class PlanLinkAdmin(admin.ModelAdmin):
    list_display = ("activity", "key_output", "biennium", "outcome", "indicator", "recommendation")
    raw_id_fields = ("activity", "key_output", "outcome", "indicator", "recommendation")
