from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from outcomes.models import OutcomeNarrative, SignificantOutput
from outcomes.parsers.narrative import paragraphs
from outcomes.services import NARRATIVE_FIELDS
from rbm import limits
from rbm.translation import in_source_language

PARAGRAPHS_HELP = _("Separate paragraphs with a blank line.")
OUTPUTS_HELP = _("One output per paragraph: separate outputs with a blank line.")


class NarrativeForm(forms.Form):
    """The narrative sections and the significant outputs of one outcome and biennium."""

    loaded_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NARRATIVE_FIELDS:
            self.fields[name] = forms.CharField(
                label=capfirst(OutcomeNarrative._meta.get_field(name).verbose_name),
                max_length=limits.NARRATIVE_SECTION_MAX,
                required=False,
                help_text=PARAGRAPHS_HELP,
                widget=forms.Textarea(attrs={"rows": 8, "cols": 100}),
            )
        for value, label in SignificantOutput.Category.choices:
            self.fields[f"outputs_{value}"] = forms.CharField(
                label=label,
                required=False,
                help_text=OUTPUTS_HELP,
                widget=forms.Textarea(attrs={"rows": 6, "cols": 100}),
            )

    @classmethod
    @in_source_language
    def initial_for(cls, narrative: OutcomeNarrative | None) -> dict:
        if narrative is None:
            return {"loaded_at": None}
        initial = {name: getattr(narrative, name) for name in NARRATIVE_FIELDS}
        for value in SignificantOutput.Category.values:
            texts = [output.text for output in narrative.outputs.all() if output.category == value]
            initial[f"outputs_{value}"] = "\n\n".join(texts)
        initial["loaded_at"] = narrative.updated_at.isoformat()
        return initial

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in NARRATIVE_FIELDS}

    def outputs(self) -> dict[str, list[str]]:
        return {value: paragraphs(self.cleaned_data[f"outputs_{value}"]) for value in SignificantOutput.Category.values}


class BienniumReasonForm(forms.Form):
    """Why a biennium is closed (optional) or reopened (required, which the service checks)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=limits.BIENNIUM_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class BienniumCloseForm(BienniumReasonForm):
    """Closing a biennium: the optional reason, and the confirmation its open results call for."""

    confirm = forms.BooleanField(
        label=_("Close it anyway: these results stay as they are, never validated."), required=False
    )
