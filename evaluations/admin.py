from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import (
    Evaluation,
    EvaluationPlace,
    EvaluationQuestion,
    Finding,
    FollowUpAction,
    Lesson,
    NextStep,
    OfficeResponse,
    ProgressUpdate,
    Recommendation,
    SynthesisCoverage,
    SynthesisFinding,
)


class EvaluationPlaceInline(admin.TabularInline):
    model = EvaluationPlace
    extra = 0
    raw_id_fields = ("place",)


class QuestionInline(admin.TabularInline):
    model = EvaluationQuestion
    extra = 0


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0


class CoverageInline(admin.TabularInline):
    model = SynthesisCoverage
    fk_name = "synthesis"
    extra = 0
    raw_id_fields = ("evaluation",)


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "symbol", "kind", "timing", "independence", "year", "status", "source")
    list_filter = ("kind", "timing", "independence", "status", "source", "regions")
    search_fields = ("title", "symbol", "project_symbol")
    filter_horizontal = ("regions", "outcomes", "indicators")
    raw_id_fields = ("created_by",)
    inlines = (EvaluationPlaceInline, QuestionInline, FindingInline, LessonInline, CoverageInline)


class NextStepInline(admin.TabularInline):
    model = NextStep
    extra = 0


class ActionInline(admin.TabularInline):
    model = FollowUpAction
    extra = 0
    fields = ("description", "unit", "owner", "due_date", "status")
    raw_id_fields = ("owner",)


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ("evaluation", "number", "stance", "priority", "addressee")
    list_filter = ("stance", "priority")
    list_select_related = ("evaluation",)
    search_fields = ("text", "evaluation__title", "evaluation__symbol")
    raw_id_fields = ("evaluation", "response")
    filter_horizontal = ("outcomes", "indicators", "places")
    inlines = (NextStepInline, ActionInline)


@admin.register(OfficeResponse)
class OfficeResponseAdmin(SimpleHistoryAdmin):
    list_display = ("evaluation", "position", "heading")
    list_select_related = ("evaluation",)
    raw_id_fields = ("evaluation", "created_by")


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    raw_id_fields = ("recorded_by",)


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    list_display = ("description", "unit", "owner", "due_date", "status", "overdue_notice_for")
    list_filter = ("status", "unit")
    list_select_related = ("owner",)
    search_fields = ("description", "unit")
    raw_id_fields = ("recommendation", "owner", "created_by")
    readonly_fields = ("overdue_notice_for",)
    inlines = (ProgressUpdateInline,)


@admin.register(SynthesisFinding)
class SynthesisFindingAdmin(SimpleHistoryAdmin):
    list_display = ("synthesis", "position", "kind", "heading")
    list_filter = ("kind",)
    list_select_related = ("synthesis",)
    raw_id_fields = ("synthesis",)
    filter_horizontal = ("cited",)
