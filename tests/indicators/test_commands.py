import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.selectors import indicator_counts_list


def test_indicator_counts_json_prints_the_selectors_objects(seed_000_imported, capsys):
    call_command("indicator_counts", "--biennium", "2014-15", "--json")

    assert json.loads(capsys.readouterr().out) == indicator_counts_list(biennium=seed_000_imported)


def test_indicator_counts_for_one_indicator_prints_a_list_of_one(seed_000_imported, capsys):
    call_command("indicator_counts", "--biennium", "2014-15", "--indicator", "4.3", "--json")

    [counts] = json.loads(capsys.readouterr().out)
    assert (counts["indicator"], counts["label"]) == ("4.3", "16 member States and 1 territory")


def test_indicator_counts_as_text_gives_one_line_per_indicator(seed_000_imported, capsys):
    call_command("indicator_counts", "--biennium", "2014-15")

    assert capsys.readouterr().out.splitlines()[0] == (
        "4.1: 11 member States (Africa 3, Americas 4, Arab States 1, Asia and the Pacific 1, "
        "Europe and Central Asia 2); target met"
    )


def test_indicator_counts_refuses_an_unknown_indicator(seed_000_imported):
    with pytest.raises(CommandError, match=re.escape("There is no indicator 9.9 in 2014-15.")):
        call_command("indicator_counts", "--biennium", "2014-15", "--indicator", "9.9")
