"""Entering and editing an evaluation in the register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.forms.common import PlacesField, indicators_field, lines, outcomes_field
from evaluations.models import Criterion, Evaluation
from evaluations.services import EvaluationInput, FindingInput, PlaceCovered
from places.models import Region
from rbm import limits
from rbm.translation import in_source_language


class EvaluationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    symbol = forms.CharField(
        label=_("Document symbol"), max_length=60, required=False, help_text=_("e.g. GB.309/PFA/5/4")
    )
    session = forms.CharField(label=_("Session"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=Evaluation.Kind.choices)
    timing = forms.ChoiceField(
        label=_("Timing"), choices=[("", _("not stated")), *Evaluation.Timing.choices], required=False
    )
    independence = forms.ChoiceField(
        label=_("Independence"), choices=[("", _("not stated")), *Evaluation.Independence.choices], required=False
    )
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    year = forms.IntegerField(
        label=_("Year"), min_value=1919, max_value=2100, required=False, help_text=_("Taken from the date if empty.")
    )
    project_symbol = forms.CharField(
        label=_("Project symbol"), max_length=60, required=False, help_text=_("e.g. RAF/13/04/IRL")
    )
    period_start = forms.IntegerField(label=_("Period covered: from"), min_value=1919, max_value=2100, required=False)
    period_end = forms.IntegerField(label=_("to"), min_value=1919, max_value=2100, required=False)
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Regions"),
        help_text=_("Who may edit depends on these: leave them all unticked only for a global evaluation."),
    )
    case_studies = PlacesField(label=_("Case-study countries"), help_text=_("One per line."))
    other_places = PlacesField(label=_("Other places covered"), help_text=_("One per line."))
    outcomes = outcomes_field(_("The outcomes the evaluation concerns."))
    indicators = indicators_field()
    summary = forms.CharField(
        label=_("Summary"),
        max_length=limits.EVALUATION_SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    questions = forms.CharField(
        label=_("Evaluation questions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One per line, in order."),
    )
    lessons = forms.CharField(
        label=_("Lessons learned"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line."),
    )
    good_practices = forms.CharField(
        label=_("Emerging good practices"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line."),
    )
    office_comments = forms.CharField(
        max_length=limits.EVALUATION_COMMENTS_MAX,
        label=_("Comments from the Office"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    document_url = forms.URLField(label=_("Link to the report"), max_length=500, required=False, assume_scheme="https")
    document_file = forms.FileField(
        label=_("Report file"),
        required=False,
        help_text=_("PDF, Word (.docx, .doc) or OpenDocument text (.odt)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.odt"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Evaluation.Status.choices,
        help_text=_("Published evaluations are visible to everyone; only managers publish."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"finding_{criterion.value}"] = forms.CharField(
                max_length=limits.FINDING_MAX,
                label=criterion.label.capitalize(),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    @property
    def finding_fields(self):
        return [self[f"finding_{criterion.value}"] for criterion in Criterion]

    @classmethod
    @in_source_language
    def initial_from(cls, evaluation: Evaluation) -> dict:
        links = list(evaluation.place_links.all())
        initial = {
            **{
                name: getattr(evaluation, name)
                for name in (
                    "title",
                    "symbol",
                    "session",
                    "kind",
                    "timing",
                    "independence",
                    "date",
                    "year",
                    "project_symbol",
                    "period_start",
                    "period_end",
                    "summary",
                    "office_comments",
                    "document_url",
                    "status",
                )
            },
            "regions": list(evaluation.regions.all()),
            "outcomes": list(evaluation.outcomes.all()),
            "indicators": list(evaluation.indicators.all()),
            "case_studies": "\n".join(link.reported_name or link.place.name for link in links if link.is_case_study),
            "other_places": "\n".join(
                link.reported_name or link.place.name for link in links if not link.is_case_study
            ),
            "questions": "\n".join(question.text for question in evaluation.questions.all()),
            "lessons": "\n".join(lesson.text for lesson in evaluation.lessons.all() if lesson.kind == "lesson"),
            "good_practices": "\n".join(
                lesson.text for lesson in evaluation.lessons.all() if lesson.kind == "good_practice"
            ),
        }
        for finding in evaluation.findings.all():
            initial[f"finding_{finding.criterion}"] = finding.text
        return initial

    def to_input(self) -> EvaluationInput:
        data = self.cleaned_data
        places = [
            PlaceCovered(place=place, reported_name=name, is_case_study=True) for name, place in data["case_studies"]
        ] + [PlaceCovered(place=place, reported_name=name) for name, place in data["other_places"]]
        document_file = data.get("document_file")
        return EvaluationInput(
            title=data["title"],
            kind=data["kind"],
            symbol=data["symbol"],
            session=data["session"],
            date=data["date"],
            year=data["year"],
            timing=data["timing"],
            independence=data["independence"],
            project_symbol=data["project_symbol"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            summary=data["summary"],
            office_comments=data["office_comments"],
            document_url=data["document_url"],
            status=data["status"],
            regions=list(data["regions"]),
            places=places,
            outcomes=list(data["outcomes"]),
            indicators=list(data["indicators"]),
            questions=lines(data["questions"]),
            findings=[
                FindingInput(criterion=criterion.value, text=data[f"finding_{criterion.value}"])
                for criterion in Criterion
            ],
            lessons=lines(data["lessons"]),
            good_practices=lines(data["good_practices"]),
            document_file=document_file or None,
            clear_document_file=document_file is False,
        )
