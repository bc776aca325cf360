"""Factories for evaluations, recommendations, responses and follow-up actions."""

import datetime

import factory

from evaluations.models import Evaluation, FollowUpAction, OfficeResponse, ProgressUpdate, Recommendation


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Independent evaluation number {n}")
    kind = Evaluation.Kind.PROJECT
    timing = Evaluation.Timing.FINAL
    independence = Evaluation.Independence.INDEPENDENT
    year = 2016
    status = Evaluation.Status.PUBLISHED

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create and extracted:
            self.outcomes.set(extracted)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    evaluation = factory.SubFactory(EvaluationFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Strengthen the monitoring of social protection floors ({n}).")

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create and extracted:
            self.outcomes.set(extracted)

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if create and extracted:
            self.indicators.set(extracted)


class OfficeResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeResponse

    evaluation = factory.SubFactory(EvaluationFactory)
    heading = "Strengthening monitoring"
    text = "The Office will report on monitoring every biennium."


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    recommendation = factory.SubFactory(RecommendationFactory)
    description = factory.Sequence(lambda n: f"Publish a guide to monitoring ({n})")
    unit = "SOCPRO"
    due_date = datetime.date(2030, 12, 31)
    status = FollowUpAction.Status.NOT_STARTED


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(FollowUpActionFactory)
    date = datetime.date(2020, 1, 15)
    text = "A first draft of the guide was circulated."
