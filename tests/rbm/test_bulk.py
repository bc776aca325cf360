"""The COPY writer (rbm.bulk) writes exactly what simple_history's bulk helpers write through the ORM.

Each test writes the same objects both ways, under two indicators, and compares every column of the rows and
of their history rows but the ids and the moments of writing. COPY is PostgreSQL's; on SQLite rbm.bulk calls
the ORM helpers themselves, so there is nothing to compare.
"""

import datetime

import pytest
from django.db import IntegrityError
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.models import Indicator, Result
from places.models import Place
from rbm.bulk import history_bulk_create, history_bulk_update
from tests.factories import IndicatorFactory, OutcomeFactory, UserFactory, biennium

pytestmark = pytest.mark.postgres

TRICKY = "Tab\there; line\nbreak; return\r; quotes \" ' ; backslash \\ and \\N and \\t; é ü ñ 中文 😀; | , ;"
WRITTEN_AT = {"id", "created_at", "updated_at", "history_id", "history_date"}


def _results(indicator: Indicator, user) -> list[Result]:
    places = list(Place.objects.order_by("name")[:3])
    return [
        Result(
            indicator=indicator,
            biennium=biennium(),
            place=places[0],
            entity_name=TRICKY[:200],
            description=TRICKY,
            evidence="\\.\n\\.\n",  # COPY's end-of-data mark, as text
            reported_name="Côte d'Ivoire\t",
            criteria_met=[1, 3, {"note": TRICKY, "none": None, "yes": True}],
            status=Result.Status.SUBMITTED,
            source=Result.Source.ENTRY,
            version=3,
            created_by=user,
            last_edited_by=user,
            submitted_at=datetime.datetime(
                2026, 3, 1, 12, 30, 15, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
            ),
        ),
        Result(indicator=indicator, biennium=biennium(), place=places[1], entity_unnamed=True, criteria_met=[]),
        Result(indicator=indicator, biennium=biennium(), place=places[2], entity_name="", entity_unnamed=True),
    ]


def _rows(queryset, *, dropped: set[str]) -> list[dict]:
    """Every column of the rows (translations included, which modeltranslation's `values()` leaves out)."""
    columns = [field.attname for field in queryset.model._meta.concrete_fields if field.attname not in dropped]
    return list(queryset.values(*columns))


def _indicators() -> tuple[Indicator, Indicator]:
    outcome = OutcomeFactory()
    return (
        IndicatorFactory(outcome=outcome, unit_kind=Indicator.UnitKind.ENTITIES),
        IndicatorFactory(outcome=outcome, unit_kind=Indicator.UnitKind.ENTITIES),
    )


def test_copy_writes_the_results_and_history_rows_the_orm_writes(db):
    # given
    user = UserFactory()
    by_orm, by_copy = _indicators()

    # when
    bulk_create_with_history(_results(by_orm, user), Result, default_user=user, default_change_reason="Recorded")
    copied = history_bulk_create(model=Result, objs=_results(by_copy, user), user=user, change_reason="Recorded")

    # then
    dropped = WRITTEN_AT | {"indicator_id"}
    ordered = ("place__name",)
    orm_rows = _rows(Result.objects.filter(indicator=by_orm).order_by(*ordered), dropped=dropped)
    assert orm_rows == _rows(Result.objects.filter(indicator=by_copy).order_by(*ordered), dropped=dropped)
    assert orm_rows[0]["description"] == TRICKY
    assert orm_rows[0]["submitted_at"] == datetime.datetime(2026, 3, 1, 17, 30, 15, 123456, tzinfo=datetime.UTC)
    assert [result.pk for result in copied] == list(
        Result.objects.filter(indicator=by_copy).order_by("pk").values_list("pk", flat=True)
    )
    history = Result.history.order_by("place__name")
    orm_history = _rows(history.filter(indicator=by_orm), dropped=dropped)
    assert orm_history == _rows(history.filter(indicator=by_copy), dropped=dropped)
    assert {(row["history_type"], row["history_user_id"], row["history_change_reason"]) for row in orm_history} == {
        ("+", user.pk, "Recorded")
    }
    # The history row of each result is its own, written in the same moment as the result.
    assert sorted(Result.history.filter(indicator=by_copy).values_list("id", "history_date", "created_at")) == sorted(
        (result.pk, result.created_at, result.created_at) for result in copied
    )


def test_copy_writes_every_translated_column_the_orm_writes(db):
    # given
    outcome = OutcomeFactory()

    def indicator(code: str) -> Indicator:
        return Indicator(
            framework=outcome.framework,
            outcome=outcome,
            code=code,
            statement_en=TRICKY,
            statement_fr="Nombre d'États Membres\tqui… « améliorent »",
            statement_es=None,
            unit_en="member States",
            unit_fr=None,
            unit_es="Estados Miembros\\",
            unit_singular_en="member State",
        )

    # when
    bulk_create_with_history([indicator("98.1")], Indicator, default_change_reason=None)
    history_bulk_create(model=Indicator, objs=[indicator("98.2")], user=None, change_reason=None)

    # then
    dropped = WRITTEN_AT | {"code"}
    assert _rows(Indicator.objects.filter(code="98.1"), dropped=dropped) == _rows(
        Indicator.objects.filter(code="98.2"), dropped=dropped
    )
    # simple_history's helper fills only the active language's column of the history (through
    # modeltranslation's descriptor); COPY keeps every language's text, the rest is the same.
    translations = {
        f"{name}_{language}" for name in ("statement", "unit", "unit_singular") for language in ("en", "fr", "es")
    }
    by_orm, by_copy = (Indicator.history.get(code=code) for code in ("98.1", "98.2"))
    assert _rows(Indicator.history.filter(code="98.1"), dropped=dropped | translations) == _rows(
        Indicator.history.filter(code="98.2"), dropped=dropped | translations
    )
    assert (by_orm.statement_en, by_orm.statement_fr, by_orm.unit_es) == (TRICKY, None, None)
    assert (by_copy.statement_en, by_copy.statement_fr, by_copy.statement_es, by_copy.unit_es) == (
        TRICKY,
        "Nombre d'États Membres\tqui… « améliorent »",
        None,
        "Estados Miembros\\",
    )
    written = Indicator.objects.get(code="98.2")
    assert (written.statement_en, written.statement_es, written.unit_fr, written.unit_es) == (
        TRICKY,
        None,
        None,
        "Estados Miembros\\",
    )


def test_copy_updates_the_fields_and_writes_the_history_rows_the_orm_writes(db):
    # given
    user, editor = UserFactory(), UserFactory()
    by_orm, by_copy = _indicators()
    for indicator in (by_orm, by_copy):
        bulk_create_with_history(_results(indicator, user), Result, default_user=user)
    fields = ["description", "evidence", "criteria_met", "version", "last_edited_by", "updated_at", "entity_unnamed"]

    def edited(indicator: Indicator) -> list[Result]:
        results = list(Result.objects.filter(indicator=indicator).order_by("place__name"))
        for number, result in enumerate(results):
            result.description = f"{TRICKY} {number}"
            result.evidence = ""
            result.criteria_met = [number, "\\\t"]
            result.version += 1
            result.last_edited_by = editor if number else None
            result.updated_at = datetime.datetime(2027, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
            result.entity_unnamed = bool(number) and not result.entity_name
            result.status = Result.Status.VALIDATED  # not among the fields: neither written nor in the history
        return results

    # when
    bulk_update_with_history(edited(by_orm), Result, fields, default_user=editor, default_change_reason="Edited")
    history_bulk_update(model=Result, objs=edited(by_copy), fields=fields, user=editor, change_reason="Edited")

    # then
    dropped = (WRITTEN_AT - {"updated_at"}) | {"indicator_id"}
    ordered = ("place__name",)
    orm_rows = _rows(Result.objects.filter(indicator=by_orm).order_by(*ordered), dropped=dropped)
    assert orm_rows == _rows(Result.objects.filter(indicator=by_copy).order_by(*ordered), dropped=dropped)
    assert [row["status"] for row in orm_rows] == [Result.Status.SUBMITTED, "draft", "draft"]
    history = Result.history.filter(history_type="~").order_by("place__name")
    orm_history = _rows(history.filter(indicator=by_orm), dropped=dropped)
    assert orm_history == _rows(history.filter(indicator=by_copy), dropped=dropped)
    # The history holds the result as the objects held it, the unwritten status included (as simple_history does).
    assert [row["status"] for row in orm_history] == ["validated"] * 3
    assert {(row["history_user_id"], row["history_change_reason"]) for row in orm_history} == {(editor.pk, "Edited")}


def test_copy_refuses_a_duplicate_with_django_s_integrity_error(db):
    indicator, _ = _indicators()
    history_bulk_create(model=Result, objs=_results(indicator, None)[:1], user=None, change_reason="")

    with pytest.raises(IntegrityError):
        history_bulk_create(model=Result, objs=_results(indicator, None)[:1], user=None, change_reason="")


def test_copy_refuses_a_text_holding_nul(db):
    indicator, _ = _indicators()
    result = _results(indicator, None)[0]
    result.description = "before\x00after"

    with pytest.raises(ValueError, match="NUL"):
        history_bulk_create(model=Result, objs=[result], user=None, change_reason="")
