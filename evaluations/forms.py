"""Entry and edit forms; they read and check what was typed, and the services decide the rest."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import Criterion, Evaluation, FollowUpAction, OfficeResponse, Recommendation
from evaluations.services import EvaluationInput, FindingInput, PlaceCovered, RecommendationInput
from indicators.models import Indicator
from outcomes.models import Outcome
from places.models import Region
from places.selectors import place_index

UNKNOWN_PLACES = _("Not a known member State or territory: %(names)s. Write one place per line, as published.")
ANSWERED_ELSEWHERE = _("Answered by the response “%(heading)s”.")
NOT_ANSWERED_HERE = _("— not answered by this response —")
STATUS_UNCHANGED = _("— leave the status as it is —")


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class IndicatorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.framework.name} · {obj.code}: {obj.statement[:90]}"


class OutcomesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Outcome) -> str:
        return f"{obj.framework.name} · Outcome {obj.number}: {obj.statement[:80]}"


def _outcomes_field(help_text: str) -> OutcomesField:
    return OutcomesField(
        queryset=Outcome.objects.select_related("framework").order_by("framework__start_year", "position", "number"),
        required=False,
        label=_("Outcomes"),
        help_text=help_text,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


def _indicators_field() -> IndicatorChoiceField:
    return IndicatorChoiceField(
        queryset=Indicator.objects.select_related("framework").order_by("framework__start_year", "position", "code"),
        required=False,
        label=_("Indicators"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


class PlacesField(forms.CharField):
    """Place names, one per line, resolved by the one place-name resolver into (name as typed, place) pairs."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        names = lines(super().clean(value))
        if not names:
            return []
        index = place_index()
        resolved = [(name, index.resolve(name)) for name in names]
        unknown = [name for name, place in resolved if place is None]
        if unknown:
            raise ValidationError(UNKNOWN_PLACES % {"names": "; ".join(unknown)})
        return resolved


class EvaluationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    symbol = forms.CharField(
        label=_("Document symbol"), max_length=60, required=False, help_text=_("e.g. GB.309/PFA/5/4")
    )
    session = forms.CharField(label=_("Session"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=Evaluation.Kind.choices)
    timing = forms.ChoiceField(
        label=_("Timing"), choices=[("", _("not stated"))] + Evaluation.Timing.choices, required=False
    )
    independence = forms.ChoiceField(
        label=_("Independence"), choices=[("", _("not stated"))] + Evaluation.Independence.choices, required=False
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
    outcomes = _outcomes_field(_("The outcomes the evaluation concerns."))
    indicators = _indicators_field()
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
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
        label=_("Comments from the Office"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    document_url = forms.URLField(label=_("Link to the report"), max_length=500, required=False, assume_scheme="https")
    document_file = forms.FileField(label=_("Report file"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Evaluation.Status.choices,
        help_text=_("Published evaluations are visible to everyone; only managers publish."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"finding_{criterion.value}"] = forms.CharField(
                label=criterion.label.capitalize(),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    @property
    def finding_fields(self):
        return [self[f"finding_{criterion.value}"] for criterion in Criterion]

    @classmethod
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
            },  # fmt: skip
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


class RecommendationForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    next_steps = forms.CharField(
        label=_("Suggested next steps"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One per line."),
    )
    addressee = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("not stated"))] + Recommendation.Priority.choices, required=False
    )
    time_frame = forms.CharField(
        label=_("Time frame"), max_length=100, required=False, help_text=_("e.g. within six months")
    )
    outcomes = _outcomes_field(_("Recommendations linked to an outcome appear in its annex of the biennial report."))
    indicators = _indicators_field()
    places = PlacesField(label=_("Places"), help_text=_("One per line."))

    @classmethod
    def initial_from(cls, recommendation: Recommendation) -> dict:
        return {
            "number": recommendation.number,
            "text": recommendation.text,
            "next_steps": "\n".join(step.text for step in recommendation.next_steps.all()),
            "addressee": recommendation.addressee,
            "priority": recommendation.priority,
            "time_frame": recommendation.time_frame,
            "outcomes": list(recommendation.outcomes.all()),
            "indicators": list(recommendation.indicators.all()),
            "places": "\n".join(place.name for place in recommendation.places.all()),
        }

    def to_input(self) -> RecommendationInput:
        data = self.cleaned_data
        return RecommendationInput(
            number=data["number"],
            text=data["text"],
            addressee=data["addressee"],
            priority=data["priority"],
            time_frame=data["time_frame"],
            outcomes=list(data["outcomes"]),
            indicators=list(data["indicators"]),
            places=[place for _name, place in data["places"]],
            next_steps=lines(data["next_steps"]),
        )


class OfficeResponseForm(forms.Form):
    """A heading and text, and the Office's stance on each recommendation this response answers."""

    heading = forms.CharField(
        label=_("Heading"),
        max_length=300,
        required=False,
        help_text=_("As published, e.g. “Increasing international collaboration”."),
    )
    text = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, recommendations: list[Recommendation], response: OfficeResponse | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendations = recommendations
        self.response = response
        choices = [("", NOT_ANSWERED_HERE), *Recommendation.Stance.choices]
        for recommendation in recommendations:
            elsewhere = recommendation.response_id and (response is None or recommendation.response_id != response.pk)
            field = forms.ChoiceField(
                label=_("Recommendation %(number)d") % {"number": recommendation.number},
                choices=choices,
                required=False,
                disabled=bool(elsewhere),
                help_text=ANSWERED_ELSEWHERE % {"heading": recommendation.response} if elsewhere else "",
            )
            if response is not None and recommendation.response_id == response.pk:
                field.initial = recommendation.stance
            self.fields[f"stance_{recommendation.pk}"] = field

    @property
    def stance_fields(self):
        return [(recommendation, self[f"stance_{recommendation.pk}"]) for recommendation in self.recommendations]

    def answers(self) -> list[tuple[Recommendation, str]]:
        return [
            (recommendation, self.cleaned_data[f"stance_{recommendation.pk}"])
            for recommendation in self.recommendations
            if not self.fields[f"stance_{recommendation.pk}"].disabled
            and self.cleaned_data.get(f"stance_{recommendation.pk}")
        ]


def _owners():
    return get_user_model().objects.filter(is_active=True).order_by("username")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class FollowUpActionForm(forms.Form):
    description = forms.CharField(label=_("What"), widget=forms.Textarea(attrs={"rows": 3}))
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
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    @classmethod
    def initial_from(cls, action: FollowUpAction) -> dict:
        return {
            name: getattr(action, name)
            for name in ("description", "unit", "owner", "due_date", "status", "completed_on", "cancellation_reason")
        }


class ProgressUpdateForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
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
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    @staticmethod
    def initial_today() -> dict[str, datetime.date]:
        return {"date": timezone.localdate()}
