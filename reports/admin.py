from django.contrib import admin

from rbm.admin import ReadOnlyAdmin, ReadOnlyInline
from reports.models import ReportFile, ReportJob


class ReportFileInline(ReadOnlyInline, admin.TabularInline):
    model = ReportFile
    readonly_fields = ("format", "file", "size", "sha256", "build_seconds", "created_at")


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    """Jobs are written by the services; the administration shows them, for support."""

    list_display = ("id", "biennium", "state", "progress", "requested_by", "requested_at", "finished_at", "attempts")
    list_filter = ("state", "biennium")
    list_select_related = ("biennium", "requested_by")
    search_fields = ("content_hash", "error", "requested_by__username")
    readonly_fields = [field.name for field in ReportJob._meta.fields] + ["outcomes"]
    inlines = (ReportFileInline,)
