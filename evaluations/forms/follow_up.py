"""Planning follow-up actions, editing them, and recording progress."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import FollowUpAction
from rbm import limits
from rbm.template_library import person

STATUS_UNCHANGED = _("— leave the status as it is —")


def _owners():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person(obj)


class FollowUpActionForm(forms.Form):
    description = forms.CharField(
        label=_("What"), max_length=limits.ACTION_DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.CharField(label=_("Unit"), max_length=100, help_text=_("The unit or office responsible, e.g. SOCPRO."))
    owner = OwnerChoiceField(
        queryset=_owners(),
        required=False,
        label=_("Owner"),
        empty_label=_("— the unit's members —"),
        help_text=_("Who is told when the action is overdue."),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FollowUpActionEditForm(FollowUpActionForm):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpAction.Status.choices)
    completed_on = forms.DateField(
        label=_("Completed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For a completed action; today if left empty."),
    )
    cancellation_reason = forms.CharField(
        max_length=limits.CANCELLATION_REASON_MAX,
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    @classmethod
    def initial_from(cls, action: FollowUpAction) -> dict:
        return {
            name: getattr(action, name)
            for name in ("description", "unit", "owner", "due_date", "status", "completed_on", "cancellation_reason")
        }


class ProgressUpdateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(
        label=_("Progress"), max_length=limits.PROGRESS_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        max_length=limits.PROGRESS_MAX,
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("What shows it: documents, references."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), max_length=500, required=False, assume_scheme="https")
    status = forms.ChoiceField(
        label=_("Status after this update"),
        choices=[("", STATUS_UNCHANGED), *FollowUpAction.Status.choices],
        required=False,
    )
    cancellation_reason = forms.CharField(
        max_length=limits.CANCELLATION_REASON_MAX,
        label=_("Reason for cancelling"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    @staticmethod
    def initial_today() -> dict[str, datetime.date]:
        return {"date": timezone.localdate()}
