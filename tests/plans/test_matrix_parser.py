"""The activity matrix parser, on the seeds and on the variations a PDF extraction produces."""

from plans.parsers.matrix import matrix_read
from plans.parsers.timing import timing_read
from tests.plans.conftest import SEED_004

HEADER = "Category of activities\tActivity <sup>1</sup>\tMeans of action (key outputs in bold)\tTiming"


def _refs(matrix):
    return [f"{c.code}.{a.number}" + (f".{m.numeral}" if m.numeral else "") for c, a, m in matrix.means_list()]


def test_seed_004_matrix_has_five_categories_the_gender_line_and_every_means_of_action():
    matrix = matrix_read(SEED_004.read_text(encoding="utf-8"))

    assert matrix.problems == []
    assert matrix.title == "Social security plan of action – Activity matrix 2011–19"
    assert [(c.code, c.title, c.cross_cutting) for c in matrix.categories][:5] == [
        ("I", "Policy development and standards-related activities", False),
        ("II", "Knowledge development and sharing", False),
        ("III", "Technical advisory services", False),
        ("IV", "Capacity building", False),
        ("V", "Building and strengthening partnerships", False),
    ]
    gender = matrix.categories[5]
    assert gender.code == "G" and gender.cross_cutting
    assert gender.title.startswith("Gender issues considered proactively")
    assert [len(c.activities) for c in matrix.categories] == [5, 3, 3, 2, 3, 1]
    assert _refs(matrix) == [
        "I.1", "I.2.i", "I.2.ii", "I.3.i", "I.3.ii", "I.4.i", "I.4.ii", "I.4.iii", "I.5",
        "II.1", "II.2.i", "II.2.ii", "II.2.iii", "II.2.iv", "II.2.v", "II.2.vi", "II.3",
        "III.1", "III.2", "III.3",
        "IV.1.i", "IV.1.ii", "IV.2.i", "IV.2.ii",
        "V.1", "V.2.i", "V.2.ii", "V.3.i",
        "G.1",
    ]  # fmt: skip


def test_seed_004_key_outputs_are_the_bold_spans_as_printed():
    matrix = matrix_read(SEED_004.read_text(encoding="utf-8"))
    outputs = {
        f"{c.code}.{a.number}" + (f".{m.numeral}" if m.numeral else ""): m.key_outputs
        for c, a, m in matrix.means_list()
        if m.key_outputs
    }

    assert outputs == {
        "I.2.i": ["analytical paper"],
        "I.3.i": ["social security good practices guide"],
        "I.4.i": ["advocacy and training components for governments and social partners"],
        "II.2.ii": ["guide on redistributive effects"],
        "II.2.iii": ["World Social Security Report"],
        "II.2.iv": ["Social Security Inquiry (SSI)", "GESS platform"],
        "II.2.v": ["system"],
        "II.2.vi": ["policy briefing notes"],
        "III.1": ["review and strategy paper"],
        "IV.1.i": ["network of social security teaching institutions"],
        "IV.1.ii": ["social security summer school"],
        "V.1": ["MOU on collaboration"],
        "V.2.i": ["with ISSA"],
        "V.2.ii": ["similar MOUs with regional social security associations"],
        "V.3.i": ["regular collaborative mechanism of UN agencies, IFIs and social partners and leading NGOs"],
    }
    assert sum(len(found) for found in outputs.values()) == 16


def test_seed_004_activities_keep_mandate_references_and_the_misplaced_category_label_waits_for_activity_1():
    matrix = matrix_read(SEED_004.read_text(encoding="utf-8"))
    activities = {f"{c.code}.{a.number}": a for c in matrix.categories for a in c.activities}

    assert activities["I.3"].mandate_references == [(35, "l", "para. 35(l)")]
    assert activities["I.4"].mandate_references == [(35, "k", "para. 35(k)"), (35, "i", "para. 35(i)")]
    assert activities["I.1"].mandate_references == [(37, "", "para. 37")]
    assert activities["III.1"].mandate_references == [(35, "a", "para. 35(a)"), (35, "b", "para. 35(b)")]
    # "III." is printed beside activity 2 of category II (a page break): II keeps it, III starts at 1.
    assert activities["II.2"].text.startswith("Strengthen the Office's research capacity")
    assert activities["III.1"].text.startswith("Assist member States in the design")
    assert activities["III.1"].text.endswith("(para. 35(b))")


def test_seed_004_timing_target_and_cross_references():
    matrix = matrix_read(SEED_004.read_text(encoding="utf-8"))
    means = {f"{c.code}.{a.number}" + (f".{m.numeral}" if m.numeral else ""): m for c, a, m in matrix.means_list()}

    assert means["I.4.ii"].target.value == 60 and means["I.4.ii"].target.year == 2019
    assert means["I.4.ii"].text == "Target: reach 60 ratifications of Convention No. 102 by 2019"
    assert (means["I.1"].timing.kind, means["I.1"].timing.start, means["I.1"].timing.end) == ("years", 2011, 2012)
    assert (means["I.3.i"].timing.kind, means["I.3.i"].timing.text) == ("biennium", "2014–15")
    assert (means["I.4.iii"].timing.start, means["I.4.iii"].timing.end) == (2012, 2012)
    assert means["IV.1.i"].timing == timing_read("Network complete by end of biennium 2016–17")
    assert (means["IV.1.i"].timing.kind, means["IV.1.i"].timing.end) == ("deadline", 2017)
    assert (means["V.2.i"].timing.kind, means["V.2.i"].timing.end) == ("deadline", 2011)
    assert means["II.3"].timing.kind == "none"
    assert means["I.5"].cross_references == [("IV", "IV", None, "")]
    assert means["II.3"].cross_references == [("III.1", "III", 1, ""), ("II.2.(iv)", "II", 2, "iv")]
    assert means["IV.1.ii"].text.endswith("(such as the social security summer school)")


def test_parser_reads_star_bold_split_cells_repeated_headers_and_footnote_markers():
    text = "\n".join(
        [
            "Plan – Activity matrix 2020–25",
            "",
            HEADER,
            "I. Policy¹\t1. Do a thing (para. 4(a))\t(i) Write a **first report** on\t2020–21",
            "\tand more (para. 5)\t(ii) Hold a <b>meeting</b> <sup>2</sup>\t2022",
            "\t\tcontinued on the next line\t",
            "",
            HEADER,
            "II. Second\t1. Another (para. 6)\tSee I.1.(ii)\t–",
        ]
    )
    matrix = matrix_read(text)

    assert matrix.problems == []
    first = matrix.categories[0].activities[0]
    assert first.text == "Do a thing (para. 4(a)) and more (para. 5)"
    assert first.mandate_references == [(4, "a", "para. 4(a)"), (5, "", "para. 5")]
    assert matrix.categories[0].title == "Policy"
    assert [m.key_outputs for m in first.means] == [["first report"], ["meeting"]]
    assert first.means[1].text == "Hold a meeting continued on the next line"
    assert matrix.categories[1].activities[0].means[0].cross_references == [("I.1.(ii)", "I", 1, "ii")]


def test_parser_reports_every_problem_with_its_line():
    text = "\n".join(
        [
            HEADER,
            "II. Wrong first\t1. A\tB\t2020",
            "\t3. Skips two\t(ii) Starts at two\t2021",
            "\t4. Points away\tSee V.9\t2021",
            "\tNo number here\tC\t2021",
            "\tx\ty",
        ]
    )
    problems = [str(problem) for problem in matrix_read(text).problems]

    assert problems == [
        "line 2: Category II is out of sequence: category I was expected.",
        "line 3: Activity 3 is out of sequence: activity 2 was expected.",
        "line 3: Means of action (ii) is out of sequence: (i) was expected.",
        "line 5: The activity “No number here” has no number.",
        "line 6: The row has 3 cells where the header has 4.",
        "line 4: V.9 names a category or activity the matrix does not have.",
    ]


def test_parser_without_matrix_says_so():
    assert [str(p) for p in matrix_read("Just a paragraph.\nAnother.").problems] == [
        "No activity matrix was found: a header row starting “Category of activities” is expected."
    ]
