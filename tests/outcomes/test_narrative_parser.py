from outcomes.parsers.narrative import items_from_markup, narrative_parse, paragraphs


def test_seed_000_narrative_is_read_into_its_four_sections_and_the_outputs_table(seed_000_text):
    parsed = narrative_parse(text=seed_000_text)

    assert parsed.problems == []
    assert parsed.outcome_number == "4"
    assert {name: len(items) for name, items in parsed.sections.items()} == {
        "areas_of_focus": 2,
        "support_to_constituents": 9,
        "gender_equality": 2,
        "external_partnerships": 6,
        "outputs_introduction": 1,
    }
    assert parsed.sections["areas_of_focus"][0] == (
        "As the global economic recovery continues, persistent poverty and increased inequality remain barriers "
        "to development and the need for adequate and sustainable social protection systems is greater than ever."
    )
    assert parsed.sections["external_partnerships"][-1] == (
        "In June 2015, the ILO and the World Bank announced a Universal Social Protection Initiative, which "
        "promotes universal coverage in pursuit of the SDGs."
    )
    assert [category for category, _text in parsed.outputs] == [
        "knowledge",
        "policy_advice",
        "policy_advice",
        "capacity",
        "capacity",
        "capacity",
        "normative",
        "normative",
    ]


def test_a_paragraph_cut_by_a_page_break_is_joined_again(seed_000_text):
    parsed = narrative_parse(text=seed_000_text)

    fragile_states = parsed.sections["support_to_constituents"][3]
    assert "are entry points for longer-term commitments to the promotion of quality employment." in fragile_states
    assert fragile_states.startswith("In fragile States, the Office reinforced")


def test_list_markup_and_bullets_become_clean_items(seed_000_text):
    outputs = dict(enumerate(text for _category, text in narrative_parse(text=seed_000_text).outputs))

    assert all("<" not in text and "•" not in text for text in outputs.values())
    assert outputs[1].endswith(
        "joint plan of action on Universal Social Protection (with World Bank). Continued work with UN partners "
        "under the SPF-I has resulted in policy dissemination of the SPF concept and in a multiplier effect "
        "whereby the implementation of SPFs is taken up and, in some cases, led by other agencies, often in "
        "countries where the ILO is under-represented."
    )
    assert outputs[2].startswith("Social dialogue: Global meeting of economic and social councils")
    assert outputs[3].startswith("ITC Social Security Academy. The Academy trained 227 experts")
    assert outputs[5].startswith("ILO-ISSA actuarial guidelines for social protection schemes.")


def test_items_from_markup_starts_a_new_item_at_a_paragraph_after_a_full_sentence():
    assert items_from_markup('<ul style="x"> • One. • Two &amp; three.</ul><p>Four.</p>') == [
        "One.",
        "Two & three.",
        "Four.",
    ]
    assert items_from_markup("<p>Cut in</p><p>two halves.</p>") == ["Cut in two halves."]


def test_paragraphs_split_on_blank_lines_and_fold_line_breaks():
    assert paragraphs("First line\ncontinues.\n\n  \nSecond.\n") == ["First line continues.", "Second."]
    assert paragraphs("") == []


def test_a_text_without_outcome_or_sections_is_reported_with_every_problem():
    parsed = narrative_parse(text="Significant outputs\t\nMystery category\t<p>Text.</p>\n")

    assert [str(problem) for problem in parsed.problems] == [
        "line 1: No “Outcome N: statement” line was found.",
        "line 1: No narrative section headings (“How the strategy delivered …”) were found.",
        "line 2: “Mystery category” is not a category of significant outputs (expected one of: Knowledge "
        "generation and management, Upstream policy advice, Capacity development, Strategic normative support).",
    ]
