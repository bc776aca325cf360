import pytest

from indicators.models import Indicator
from outcomes.models import Outcome
from rbm.services import Changes, model_bulk_upsert, model_update, model_upsert
from tests.factories import IndicatorFactory, OutcomeFactory, UserFactory, biennium


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


def indicator_rows(framework, outcome, statements: dict[str, str]) -> list[dict]:
    return [
        {"framework": framework, "code": code, "outcome": outcome, "statement": statement}
        for code, statement in statements.items()
    ]


def test_a_bulk_upsert_creates_updates_and_leaves_alone_in_one_write_with_history(db, django_assert_max_num_queries):
    outcome = OutcomeFactory()
    framework = outcome.framework
    kept = IndicatorFactory(outcome=outcome, framework=framework, code="1.1", statement="Kept")
    reworded = IndicatorFactory(outcome=outcome, framework=framework, code="1.2", statement="Old wording")
    changes = Changes()
    rows = indicator_rows(framework, outcome, {"1.1": "Kept", "1.2": "New wording", "1.3": "New", "1.4": "Newer"})

    with django_assert_max_num_queries(12):  # the read, the one update, the new rows and their history at once
        indicators = model_bulk_upsert(
            model=Indicator,
            existing=Indicator.objects.filter(framework=framework).select_related("framework", "outcome"),
            key=("framework", "code"),
            rows=rows,
            reason="Imported",
            changes=changes,
            kind="indicators",
        )

    assert [indicator.code for indicator in indicators] == ["1.1", "1.2", "1.3", "1.4"]
    assert (indicators[0].pk, indicators[1].pk) == (kept.pk, reworded.pk)
    assert all(indicator.pk for indicator in indicators)
    assert Indicator.objects.get(code="1.2").statement == "New wording"
    assert (changes.created, changes.updated, changes.unchanged) == (
        {"indicators": 2},
        {"indicators": 1},
        {"indicators": 1},
    )
    new = Indicator.objects.get(code="1.3")
    assert [(record.history_type, record.history_change_reason) for record in new.history.all()] == [("+", "Imported")]


def test_a_bulk_upsert_refuses_a_row_the_model_refuses_and_writes_nothing(db):
    from django.core.exceptions import ValidationError

    outcome = OutcomeFactory()
    other_framework_outcome = OutcomeFactory(framework=biennium(2016).framework)
    rows = indicator_rows(outcome.framework, outcome, {"1.1": "Fine"}) + indicator_rows(
        outcome.framework, other_framework_outcome, {"1.2": "Outcome of another framework"}
    )

    with pytest.raises(ValidationError) as refused:
        model_bulk_upsert(model=Indicator, existing=[], key=("framework", "code"), rows=rows)

    assert "outcome" in refused.value.message_dict
    assert not Indicator.objects.filter(code__in=["1.1", "1.2"]).exists()


def test_a_key_repeated_in_a_bulk_upsert_is_one_record_with_the_later_values(db):
    outcome = OutcomeFactory()
    rows = [
        *indicator_rows(outcome.framework, outcome, {"1.1": "First"}),
        *indicator_rows(outcome.framework, outcome, {"1.1": "Second"}),
    ]

    indicators = model_bulk_upsert(model=Indicator, existing=[], key=("framework", "code"), rows=rows)

    assert indicators[0] is indicators[1]
    assert list(Indicator.objects.filter(framework=outcome.framework).values_list("code", "statement")) == [
        ("1.1", "Second")
    ]
