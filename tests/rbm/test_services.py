from indicators.models import Indicator
from outcomes.models import Outcome
from rbm.services import Changes, model_update, model_upsert
from tests.factories import IndicatorFactory, OutcomeFactory, UserFactory


def test_an_update_that_changes_nothing_writes_nothing(db):
    indicator = IndicatorFactory(statement="Number of member States that extend coverage")

    _, changed = model_update(instance=indicator, data={"statement": "Number of member States that extend coverage"})

    assert changed is False
    assert indicator.history.count() == 1


def test_an_update_saves_only_what_differs_with_who_and_why(db):
    manager = UserFactory()
    indicator = IndicatorFactory(statement="Old statement", position=1)

    _, changed = model_update(
        instance=indicator, data={"statement": "New statement", "position": 1}, user=manager, reason="Reworded"
    )

    latest = indicator.history.first()
    assert changed is True
    assert Indicator.objects.get(pk=indicator.pk).statement == "New statement"
    assert (latest.history_user, latest.history_change_reason, indicator.history.count()) == (manager, "Reworded", 2)


def test_an_upsert_creates_then_updates_then_leaves_alone_and_tallies_each(db):
    framework = OutcomeFactory().framework
    changes = Changes()

    for statement in ("First", "Second", "Second"):
        model_upsert(
            model=Outcome,
            lookup={"framework": framework, "number": "99"},
            data={"statement": statement},
            changes=changes,
            kind="outcomes",
        )

    assert (changes.created, changes.updated, changes.unchanged) == ({"outcomes": 1}, {"outcomes": 1}, {"outcomes": 1})
    assert changes.changed is True
    assert changes.kinds == ["outcomes"]
