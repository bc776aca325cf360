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


def test_an_update_stamps_who_made_it_only_when_something_changed_and_notes_the_fields(db):
    from outcomes.models import OutcomeNarrative

    framework_outcome = OutcomeFactory()
    biennium = framework_outcome.framework.biennia.get(start_year=2014)
    editor, importer = UserFactory(), UserFactory()
    narrative = OutcomeNarrative.objects.create(outcome=framework_outcome, biennium=biennium, gender_equality="Old.")
    changes = Changes()

    model_update(
        instance=narrative, data={"gender_equality": "Old."}, stamp={"updated_by": importer}, changes=changes, kind="n"
    )
    model_update(
        instance=narrative,
        data={"gender_equality": "New.", "areas_of_focus": ""},
        stamp={"updated_by": editor},
        user=editor,
        changes=changes,
        kind="n",
    )

    narrative = OutcomeNarrative.objects.get()
    assert (narrative.gender_equality, narrative.updated_by) == ("New.", editor)
    assert (changes.updated, changes.unchanged, changes.fields) == ({"n": 1}, {"n": 1}, {"n": ["gender_equality"]})
    assert [(record.history_user, record.gender_equality) for record in narrative.history.all()] == [
        (editor, "New."),
        (None, "Old."),
    ]
