from django.template import Context, Template

from reports.templatetags.report_tags import table_rows

CELLS = ['<script>alert("x")</script>', "Line one\nline two\r\nthree\rfour", "Côte d'Ivoire & Togo", "", 12, "—"]


def test_table_rows_escape_each_cell_and_keep_its_line_breaks_as_linebreaksbr_does():
    by_template = Template(
        "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell|linebreaksbr }}</td>{% endfor %}</tr>{% endfor %}"
    ).render(Context({"rows": [CELLS, CELLS[::-1]]}))

    assert table_rows([CELLS, CELLS[::-1]]) == by_template
    assert "<script>" not in table_rows([CELLS])
    assert "<td>Line one<br>line two<br>three<br>four</td>" in table_rows([CELLS])


def test_table_rows_of_nothing_is_empty():
    assert table_rows([]) == ""
