import pytest
from django.core.exceptions import ValidationError

from rbm.parsers import ImportRejected, Problem, text_file_read


def test_a_problem_says_where_it_is():
    assert str(Problem(line=3, message="Unknown place “Atlantis”.")) == "line 3: Unknown place “Atlantis”."
    assert str(Problem(line=3, column=2, heading="Africa", message="Unknown.")) == "line 3, column 2 (Africa): Unknown."
    assert str(Problem(line=None, message="The table is empty.")) == "The table is empty."


def test_an_import_rejected_lists_every_problem():
    rejected = ImportRejected([Problem(line=1, message="One."), Problem(line=4, message="Two.")])

    assert rejected.message == "The document was not imported: 2 problem(s) found; nothing was saved."
    assert rejected.extra == {"problems": ["line 1: One.", "line 4: Two."]}


def test_a_file_is_read_as_utf8_without_its_byte_order_mark(tmp_path):
    path = tmp_path / "table.txt"
    path.write_bytes("\ufeffCôte d’Ivoire".encode())

    assert text_file_read(path=path) == "Côte d’Ivoire"


def test_a_missing_or_non_utf8_file_is_a_validation_error_on_its_path(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Côte".encode("latin-1"))

    with pytest.raises(ValidationError) as missing:
        text_file_read(path=tmp_path / "missing.txt")
    with pytest.raises(ValidationError) as not_utf8:
        text_file_read(path=latin)

    assert missing.value.message_dict["path"] == [
        f"{tmp_path / 'missing.txt'} could not be read: No such file or directory"
    ]
    assert not_utf8.value.message_dict["path"] == [f"{latin} is not UTF-8 text; save it as UTF-8 and import it again."]
