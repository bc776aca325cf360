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
from rbm.admin import ReadOnlyAdmin, ReadOnlyInline

# Evaluations, recommendations, the Office's response and follow-up are written through the site's forms and
# imports, whose services check scope, keep the reasons and history and send the follow-up notices:
# read-only here.


class EvaluationPlaceInline(ReadOnlyInline, admin.TabularInline):
    model = EvaluationPlace
    raw_id_fields = ("place",)


class QuestionInline(ReadOnlyInline, admin.TabularInline):
    model = EvaluationQuestion


class FindingInline(ReadOnlyInline, admin.StackedInline):
    model = Finding


class LessonInline(ReadOnlyInline, admin.TabularInline):
    model = Lesson


class CoverageInline(ReadOnlyInline, admin.TabularInline):
    model = SynthesisCoverage
    fk_name = "synthesis"
    raw_id_fields = ("evaluation",)


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("title", "symbol", "kind", "timing", "independence", "year", "status", "source")
    list_filter = ("kind", "timing", "independence", "status", "source", "regions")
    search_fields = ("title", "symbol", "project_symbol")
    filter_horizontal = ("regions", "outcomes", "indicators")
    raw_id_fields = ("created_by",)
    inlines = (EvaluationPlaceInline, QuestionInline, FindingInline, LessonInline, CoverageInline)


class NextStepInline(ReadOnlyInline, admin.TabularInline):
    model = NextStep


class ActionInline(ReadOnlyInline, admin.TabularInline):
    model = FollowUpAction
    fields = ("description", "unit", "owner", "due_date", "status")
    raw_id_fields = ("owner",)


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("evaluation", "number", "stance", "priority", "addressee")
    list_filter = ("stance", "priority")
    list_select_related = ("evaluation",)
    search_fields = ("text", "evaluation__title", "evaluation__symbol")
    raw_id_fields = ("evaluation", "response")
    filter_horizontal = ("outcomes", "indicators", "places")
    inlines = (NextStepInline, ActionInline)


@admin.register(OfficeResponse)
class OfficeResponseAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("evaluation", "position", "heading")
    list_select_related = ("evaluation",)
    raw_id_fields = ("evaluation", "created_by")


class ProgressUpdateInline(ReadOnlyInline, admin.TabularInline):
    model = ProgressUpdate
    raw_id_fields = ("recorded_by",)


@admin.register(FollowUpAction)
class FollowUpActionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("description", "unit", "owner", "due_date", "status", "overdue_notice_for")
    list_filter = ("status", "unit")
    list_select_related = ("owner",)
    search_fields = ("description", "unit")
    raw_id_fields = ("recommendation", "owner", "created_by")
    readonly_fields = ("overdue_notice_for",)
    inlines = (ProgressUpdateInline,)


@admin.register(SynthesisFinding)
class SynthesisFindingAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("synthesis", "position", "kind", "heading")
    list_filter = ("kind",)
    list_select_related = ("synthesis",)
    raw_id_fields = ("synthesis",)
    filter_horizontal = ("cited",)
