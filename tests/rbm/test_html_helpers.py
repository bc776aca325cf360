from tests.html import html_table, html_text

PAGE = """<html><body><h1 id="title">Outcome <em>4</em></h1><script>var x = 1;</script>
<table id="counts"><tr><th>Region</th><th>Places</th></tr><tr><td>Africa</td><td>Ghana <br>Togo</td></tr></table>
</body></html>"""


def test_the_text_of_an_element_reads_as_a_user_reads_it():
    assert html_text(PAGE, "title") == "Outcome 4"
    assert "var x" not in html_text(PAGE)


def test_a_table_reads_as_rows_of_cells():
    assert html_table(PAGE, "counts") == [["Region", "Places"], ["Africa", "Ghana Togo"]]
