import factory
from django.contrib.auth import get_user_model

from indicators.counts_cache import counts_cache_invalidate
from indicators.models import Indicator, PublishedFigure, Result, Target
from outcomes.models import Biennium, Outcome
from places.models import Place


def biennium(start_year: int = 2014) -> Biennium:
    return Biennium.objects.select_related("framework").get(start_year=start_year)


def biennium_closed(*, user, biennium: Biennium, reason: str = "") -> Biennium:
    """Close the biennium as its close page does: the open results counted, the close confirmed."""
    from indicators.selectors.results import result_list_open
    from outcomes.services import biennium_close

    open_results = result_list_open(user=user, biennium=biennium).count
    return biennium_close(user=user, biennium=biennium, reason=reason, open_results=open_results, confirmed=True)


def place(name: str) -> Place:
    from places.selectors import place_resolve

    found = place_resolve(name=name)
    assert found is not None, name
    return found


class CountsSourceFactory(factory.django.DjangoModelFactory):
    """A record the counts derive from, written past the services: like any such write, it drops the counts cache."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            counts_cache_invalidate()


PASSWORD = "correct horse battery staple"  # every factory-made user's


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)


class OutcomeFactory(CountsSourceFactory):
    class Meta:
        model = Outcome

    framework = factory.LazyFunction(lambda: biennium().framework)
    number = factory.Sequence(lambda n: str(n + 1))
    statement = factory.Sequence(lambda n: f"Outcome statement {n}")


class IndicatorFactory(CountsSourceFactory):
    class Meta:
        model = Indicator

    outcome = factory.SubFactory(OutcomeFactory)
    framework = factory.SelfAttribute("outcome.framework")
    code = factory.Sequence(lambda n: f"{n + 1}.1")
    statement = "Number of member States that, with ILO support, achieve something"
    unit = "member States"
    unit_singular = "member State"


class TargetFactory(CountsSourceFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    biennium = factory.LazyFunction(biennium)
    value = 5
    text = factory.LazyAttribute(lambda target: f"{target.value} member States")


class PublishedFigureFactory(CountsSourceFactory):
    class Meta:
        model = PublishedFigure

    indicator = factory.SubFactory(IndicatorFactory)
    biennium = factory.LazyFunction(biennium)
    value = 2
    member_states = 2
    territories = 0
    text = "2 member States"


class ResultFactory(CountsSourceFactory):
    class Meta:
        model = Result

    indicator = factory.SubFactory(IndicatorFactory)
    biennium = factory.LazyFunction(biennium)
    place = factory.LazyFunction(lambda: place("Ghana"))
    status = Result.Status.VALIDATED
    description = "A national social protection policy was adopted."


def region(code: str):
    from places.models import Region

    return Region.objects.get(code=code)


def user_with_role(
    role: str,
    *,
    username: str | None = None,
    regions=(),
    outcomes=(),
    unit: str = "",
    first_name: str = "",
    last_name: str = "",
):
    """A user (password PASSWORD) with a profile: role is "officer", "manager", "viewer" or "administrator"
    (or a Role); regions and outcomes are their scope, none for all."""
    from accounts.services import profile_set

    names = {"username": username} if username else {}
    user = UserFactory(**names, first_name=first_name, last_name=last_name)
    profile_set(user=user, role=role, unit=unit, regions=list(regions), outcomes=list(outcomes))
    return user


class MeasurementCriterionFactory(CountsSourceFactory):
    class Meta:
        model = "indicators.MeasurementCriterion"

    indicator = factory.SubFactory(IndicatorFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Criterion {n + 1}")
