from django.urls import reverse

from accounts.models import Role
from outcomes.models import OutcomeNarrative, SignificantOutput
from tests.factories import user_with_role
from tests.html import html_element, html_table
from tests.outcomes.factories import seed_000_narrative


def detail_url(narrative) -> str:
    return reverse("outcomes:narrative-detail", kwargs={"pk": narrative.outcome_id, "biennium": "2014-15"})


def edit_url(narrative) -> str:
    return reverse("outcomes:narrative-edit", kwargs={"pk": narrative.outcome_id, "biennium": "2014-15"})


def form_data(client, narrative) -> dict:
    form = client.get(edit_url(narrative)).context["form"]
    return {name: value if value is not None else "" for name, value in form.initial.items()}


def test_the_narrative_page_prints_the_sections_and_the_outputs_table(
    seed_000_imported, client, django_assert_num_queries
):
    narrative = seed_000_narrative(seed_000_imported)

    with django_assert_num_queries(6):
        response = client.get(detail_url(narrative))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "<h2>How the strategy delivered on the two or three areas of focus identified in the programme and "
        "budget 2014-15</h2>" in html
    )
    assert "<h2>Significant external partnerships that have helped in delivering the strategy</h2>" in html
    table = html_element(response, "outputs-table")
    categories = SignificantOutput.Category.values
    assert [len(table.xpath(".//tr[@id=$id]", id=f"outputs-{category}")) for category in categories] == [1, 1, 1, 1]
    assert len(table.findall(".//li")) == 8
    assert "Edit the narrative" not in html


def test_a_manager_saves_an_edited_narrative(seed_000_imported, client):
    narrative = seed_000_narrative(seed_000_imported)
    client.force_login(user_with_role(Role.MANAGER, username="maria"))
    data = form_data(client, narrative)
    data["gender_equality"] = "A new paragraph on gender equality."
    data["outputs_normative"] = "One normative output.\n\nAnother one."

    response = client.post(edit_url(narrative), data, follow=True)

    narrative.refresh_from_db()
    assert response.redirect_chain == [(detail_url(narrative), 302)]
    assert "The narrative was saved." in response.content.decode()
    assert narrative.gender_equality == "A new paragraph on gender equality."
    assert list(narrative.outputs.filter(category="normative").values_list("text", flat=True)) == [
        "One normative output.",
        "Another one.",
    ]


def test_saving_an_unchanged_form_says_so(seed_000_imported, client):
    narrative = seed_000_narrative(seed_000_imported)
    client.force_login(user_with_role(Role.MANAGER, username="maria"))

    response = client.post(edit_url(narrative), form_data(client, narrative), follow=True)

    assert "Nothing changed; the narrative was not saved again." in response.content.decode()


def test_a_stale_form_shows_the_conflict_and_keeps_what_was_typed(seed_000_imported, client):
    narrative = seed_000_narrative(seed_000_imported)
    client.force_login(user_with_role(Role.MANAGER, username="maria"))
    data = form_data(client, narrative)
    OutcomeNarrative.objects.filter(pk=narrative.pk).update(gender_equality="Changed meanwhile.")
    narrative.refresh_from_db()
    narrative.save()
    data["gender_equality"] = "My unsaved paragraph."

    response = client.post(edit_url(narrative), data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "saved this narrative on" in html
    assert "My unsaved paragraph." in html
    assert OutcomeNarrative.objects.get().gender_equality == "Changed meanwhile."
    # What changed meanwhile is shown, and the form now carries the save seen: saving again applies what was typed.
    assert "What changed meanwhile" in html
    data["loaded_at"] = response.context["form"].data["loaded_at"]
    assert client.post(edit_url(narrative), data).status_code == 302
    assert OutcomeNarrative.objects.get().gender_equality == "My unsaved paragraph."


def test_officers_and_viewers_may_not_edit_and_anonymous_visitors_sign_in_first(seed_000_imported, client):
    narrative = seed_000_narrative(seed_000_imported)

    anonymous = client.get(edit_url(narrative))
    client.force_login(user_with_role(Role.OFFICER, username="olu"))
    officer = client.post(edit_url(narrative), {"gender_equality": "x"})

    assert (anonymous.status_code, anonymous.url.split("?")[0]) == (302, reverse("accounts:login"))
    assert officer.status_code == 403
    assert SignificantOutput.objects.count() == 8


def test_an_outcome_outside_the_biennium_framework_is_not_found(seed_000_imported, client):
    narrative = seed_000_narrative(seed_000_imported)

    response = client.get(
        reverse("outcomes:narrative-detail", kwargs={"pk": narrative.outcome_id, "biennium": "2018-19"})
    )

    assert response.status_code == 404


def test_the_narrative_page_shows_who_changed_which_section_and_why(seed_000_imported, client):
    narrative = seed_000_narrative(seed_000_imported)
    client.force_login(user_with_role(Role.MANAGER, username="maria", first_name="Maria", last_name="Lopez"))
    data = form_data(client, narrative)
    data["gender_equality"] = "A new paragraph on gender equality."
    client.post(edit_url(narrative), data)

    rows = html_table(client.get(detail_url(narrative)), "narrative-history")

    imported = "Imported from 000_9e6213d9296d1ac9.txt"
    outputs = list(
        enumerate(
            ["Knowledge generation and management"]
            + ["Upstream policy advice"] * 2
            + ["Capacity development"] * 3
            + ["Strategic normative support"] * 2,
            start=1,
        )
    )

    assert rows[0] == ["When", "Who", "What", "Why", "Changes"]
    assert [row[1:4] for row in rows[1:]] == [
        ["Maria Lopez", "the narrative: changed", "Edited in the browser"],
        *[["import or system", f"output {n} ({category}): created", imported] for n, category in reversed(outputs)],
        ["import or system", "the narrative: created", imported],
    ]
    assert rows[1][4] == (
        f"How the strategy helped to address gender equality and non-discrimination: "
        f"{narrative.gender_equality[:119]}… → A new paragraph on gender equality."
    )
