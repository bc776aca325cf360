"""Forms of the result entry pages: they read and check input; the services decide the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from indicators.selectors.uploads import LINK_INVALID, PLACE_REQUIRED
from places.selectors import place_list
from rbm import limits
from rbm.files import FILE_TOO_LARGE

WORKBOOK_REQUIRED = _("Choose the Excel workbook (.xlsx) to upload.")
WORKBOOK_EXTENSION = _("%(name)s is not an Excel workbook; save it as .xlsx and upload it again.")

EVIDENCE_FILE_LIMIT_MB = 20
WORKBOOK_LIMIT_MB = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked like a single file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [single(item, initial) for item in files]
        for item in cleaned:
            if item.size > EVIDENCE_FILE_LIMIT_MB * 1024 * 1024:
                raise ValidationError(FILE_TOO_LARGE % {"name": item.name, "limit": EVIDENCE_FILE_LIMIT_MB})
        return cleaned


def _links(text: str) -> list[str]:
    links = [line.strip() for line in text.splitlines() if line.strip()]
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(LINK_INVALID % {"link": link}) from None
        if len(link) > 500:
            raise ValidationError(LINK_INVALID % {"link": link[:60] + "…"})
    return links


class EntryForm(forms.Form):
    """The result entry pages' forms: labels as they read, without a colon after them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ResultForm(EntryForm):
    """A result's content. The place list shows the places in the user's scope; the service checks the scope."""

    place = forms.ModelChoiceField(
        label=_("Member State or territory"),
        queryset=place_list(),
        empty_label=_("Choose a place"),
        error_messages={"required": PLACE_REQUIRED, "invalid_choice": PLACE_REQUIRED},
    )
    entity_name = forms.CharField(label=_("Entity"), max_length=255, required=False)
    description = forms.CharField(
        label=_("What changed"),
        max_length=limits.RESULT_DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Describe the change achieved with ILO support, as it would be reported."),
    )
    criteria_met = forms.TypedMultipleChoiceField(
        label=_("Measurement criteria met"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    programme_outcome = forms.ChoiceField(
        label=_("Country programme outcome (CPO)"),
        required=False,
        help_text=_("The CPO of the same place the result is reported against, if any."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=limits.RESULT_EVIDENCE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The documents or facts that show the change: laws, decisions, reports."),
    )
    links = forms.CharField(
        label=_("Links to add"),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
        required=False,
        help_text=_("One web address per line."),
    )
    files = MultipleFileField(label=_("Files to add"), required=False)

    def __init__(self, *args, indicator: Indicator, place_choices, programme_outcome_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["programme_outcome"].choices = [("", _("None")), *programme_outcome_choices]
        if not programme_outcome_choices:
            del self.fields["programme_outcome"]
        self.fields["files"].help_text = _("Up to %(limit)d MB each.") % {"limit": EVIDENCE_FILE_LIMIT_MB}
        self.fields["place"].widget.choices = [("", self.fields["place"].empty_label), *place_choices]
        self.fields["criteria_met"].choices = [
            (criterion.number, f"({criterion.number}) {criterion.text}") for criterion in indicator.criteria.all()
        ]
        if indicator.counts_places:
            del self.fields["entity_name"]
        else:
            self.fields["entity_name"].label = indicator.unit_singular.capitalize()
            self.fields["entity_name"].help_text = _("The %(unit)s this result is about; the place is where it is.") % {
                "unit": indicator.unit_singular
            }
        if not self.fields["criteria_met"].choices:
            del self.fields["criteria_met"]

    def clean_links(self) -> list[str]:
        return _links(self.cleaned_data.get("links", ""))


class ResultEditForm(ResultForm):
    """Editing keeps the version the user read, so a concurrent change is refused rather than overwritten."""

    reason = forms.CharField(
        label=_("Why the change"),
        max_length=500,
        required=False,
        help_text=_("Optional; kept in the result's history."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewMessageForm(EntryForm):
    """Returning needs a message; validating may carry one."""

    message = forms.CharField(
        label=_("Message to the officer"),
        max_length=limits.REVIEW_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReopenForm(EntryForm):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=limits.REVIEW_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(EntryForm):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > EVIDENCE_FILE_LIMIT_MB * 1024 * 1024:
            raise ValidationError(FILE_TOO_LARGE % {"name": upload.name, "limit": EVIDENCE_FILE_LIMIT_MB})
        return upload


class WorkbookForm(EntryForm):
    workbook = forms.FileField(
        label=_("Excel workbook"),
        error_messages={"required": WORKBOOK_REQUIRED},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(WORKBOOK_EXTENSION % {"name": upload.name})
        if upload.size > WORKBOOK_LIMIT_MB * 1024 * 1024:
            raise ValidationError(FILE_TOO_LARGE % {"name": upload.name, "limit": WORKBOOK_LIMIT_MB})
        return upload


BULK_NOTHING_TICKED = _("Tick the results to validate or return.")
BULK_BAD_ID = _("“%(value)s” is not a result id.")


class ResultIdsField(forms.Field):
    """The ids of the results ticked in a list (its checkboxes are the rows' own)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        ids = []
        for item in value or ():
            text = str(item).strip()
            if not text.isdigit() or len(text) > 18:
                raise ValidationError(BULK_BAD_ID, params={"value": text[:40]}, code="invalid")
            ids.append(int(text))
        return list(dict.fromkeys(ids))


class BulkReviewForm(forms.Form):
    """The queue's form: the ticked results (each with the version shown), validate or return, one message."""

    results = ResultIdsField(label=_("Results"), error_messages={"required": BULK_NOTHING_TICKED})
    action = forms.ChoiceField(
        choices=[("validate", _("Validate")), ("return", _("Return to the officer"))], label=_("Review")
    )
    message = forms.CharField(
        label=_("Message (required to return)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @staticmethod
    def versions(data) -> dict[int, int]:
        """The version of each ticked result the user saw (`version-<id>`), for the stale check."""
        found = {}
        for key, value in data.items():
            number, version = key.removeprefix("version-"), str(value)
            if key.startswith("version-") and number.isdigit() and version.isdigit() and len(version) < 10:
                found[int(number)] = int(version)
        return found
