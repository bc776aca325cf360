"""The administration is for support, not a second way round the workflow.

Records with a workflow (results and their review, narratives, evaluations and their follow-up, biennia
and their closing, report jobs) are shown read-only: they change only through the pages and the API,
whose services keep the rules, the version locks, the reasons and the history. Reference data stays
editable, except where a closed biennium depends on it (`FrozenWhenClosedAdmin`).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise

from rbm.translation import translation_columns


class RevertGuard:
    """simple-history's "revert" form saves whoever may view the record: refuse it without the right to change."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(RevertGuard, admin.ModelAdmin):
    """Viewable in the administration; never added, changed or deleted there."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.options.InlineModelAdmin):
    """An inline shown, never edited, beside its parent."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FrozenWhenClosedAdmin(RevertGuard, admin.ModelAdmin):
    """Reference data a closed biennium's figures and report are read from: frozen while one is closed.

    Subclasses name, with `closed_biennium_of(obj)` (and `closed_biennium_for(cleaned_data)` for new
    records), the closed biennium an object belongs to, or None; `closed_message` (with %(biennium)s) is
    the refusal the form shows.
    """

    closed_message: str | Promise = ""

    # The admin edits a reader field's English through the field itself; its language columns are not a second
    # input that would overwrite it (translations are entered on the site's translation pages).
    def get_exclude(self, request, obj=None):
        return (*(super().get_exclude(request, obj) or ()), *translation_columns(self.model))

    def closed_biennium_of(self, obj):
        raise NotImplementedError

    def closed_biennium_for(self, cleaned_data: dict):
        return None

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and self.closed_biennium_of(obj) is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and self.closed_biennium_of(obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        admin_site_model = self

        class Frozen(form):
            def clean(self):
                cleaned = super().clean()
                closed = admin_site_model.closed_biennium_for(cleaned)
                if closed is not None:
                    raise forms.ValidationError(admin_site_model.closed_message % {"biennium": closed})
                return cleaned

        return Frozen
