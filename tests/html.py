"""Reading pages in tests: the visible text of the page or of one element, the cells of a table.

One parser for every test (lxml), so assertions read what a user reads rather than matching markup.
"""

from lxml import html as lxml_html


def _document(page) -> lxml_html.HtmlElement:
    content = page.content.decode() if hasattr(page, "content") else page
    return lxml_html.fromstring(content)


def _normalised(text: str) -> str:
    return " ".join(text.split())


def html_element(page, element_id: str) -> lxml_html.HtmlElement:
    """The element with this id; AssertionError when the page has none."""
    found = _document(page).get_element_by_id(element_id, None)
    assert found is not None, f"no element with id {element_id!r}"
    return found


def html_text(page, element_id: str | None = None, *, skip: tuple[str, ...] = ("script", "style")) -> str:
    """The visible text of the page (or of the element with this id), spaces collapsed."""
    root = _document(page) if element_id is None else html_element(page, element_id)
    for node in [node for node in root.iter(*skip) if node.getparent() is not None]:
        node.drop_tree()
    return _normalised(root.text_content())


def html_table(page, element_id: str) -> list[list[str]]:
    """The text of each cell (th or td), row by row, of the table with this id (or inside the element)."""
    element = html_element(page, element_id)
    table = element if element.tag == "table" else element.find(".//table")
    return [[_normalised(cell.text_content()) for cell in row.xpath("./th|./td")] for row in table.iter("tr")]
