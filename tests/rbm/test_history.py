from django.template.loader import render_to_string

from indicators.models import Result
from rbm.history import history_entries, history_merge
from rbm.services import history_mark
from tests.factories import ResultFactory, UserFactory, place


def _change(result: Result, *, user, reason: str, **values) -> None:
    for name, value in values.items():
        setattr(result, name, value)
    history_mark(result, user=user, reason=reason)
    result.save()


def test_history_lists_each_change_newest_first_with_old_and_new_values(db):
    officer = UserFactory(first_name="Ama", last_name="Mensah")
    result = ResultFactory(status=Result.Status.DRAFT, description="First text")
    _change(result, user=officer, reason="Corrected", description="Second text", place=place("Togo"))
    _change(result, user=officer, reason="Submitted", status=Result.Status.SUBMITTED)

    entries = history_entries(
        result.history.select_related("history_user", "place"),
        what="Result",
        fields=("place", "description", "status"),
        status_field="status",
    )

    assert [(entry.kind, entry.reason, entry.status) for entry in entries] == [
        ("changed", "Submitted", "submitted"),
        ("changed", "Corrected", "draft"),
        ("created", "", "draft"),
    ]
    assert [(change.field, change.old, change.new) for change in entries[1].changes] == [
        ("place", "Ghana", "Togo"),
        ("what changed", "First text", "Second text"),
    ]
    assert [(change.old, change.new) for change in entries[0].changes] == [("draft", "submitted")]
    assert entries[0].who == officer


def test_history_compares_each_object_with_its_own_previous_record(db):
    first = ResultFactory(description="One")
    second = ResultFactory(description="Two", place=place("Kenya"), indicator=first.indicator)
    _change(first, user=None, reason="", description="One, revised")

    entries = history_entries(
        Result.history.filter(id__in=[first.pk, second.pk]).select_related("place"),
        what=lambda record: record.place.name,
        fields=("description",),
    )

    assert [(entry.what, [(c.old, c.new) for c in entry.changes]) for entry in entries] == [
        ("Ghana", [("One", "One, revised")]),
        ("Kenya", []),
        ("Ghana", []),
    ]


def test_merged_histories_read_newest_first(db):
    first, second = ResultFactory(), ResultFactory(place=place("Kenya"))
    entries = history_merge(
        history_entries(first.history.all(), what="first"), history_entries(second.history.all(), what="second")
    )

    assert [entry.what for entry in entries] == ["second", "first"]


def test_the_history_table_shows_who_what_why_and_the_changes(db):
    officer = UserFactory(first_name="Ama", last_name="Mensah")
    result = ResultFactory(status=Result.Status.DRAFT, description="First text")
    _change(result, user=officer, reason="Corrected a typo", description="Second text")

    html = render_to_string(
        "partials/history.html",
        {"entries": history_entries(result.history.select_related("history_user"), fields=("description",))},
    )

    assert "Ama Mensah" in html
    assert "Corrected a typo" in html
    assert "<del>First text</del> → <ins>Second text</ins>" in html
    assert "import or system" in html


def test_a_record_without_history_says_so(db):
    assert "No changes are recorded yet." in render_to_string("partials/history.html", {"entries": []})


def test_a_services_own_reason_reads_in_the_readers_language_and_a_typed_one_as_typed():
    from django.utils import translation

    from rbm.history import history_reason

    with translation.override("fr"):
        assert history_reason("Submitted") == "Soumis"
        assert history_reason("Corrected the figure") == "Corrected the figure"
    with translation.override("es"):
        assert history_reason("Validated") == "Validado"
    assert history_reason(None) == ""
