import logging

import pytest

from outcomes.models import Biennium
from outcomes.rules import biennium_ensure_open, biennium_refusal
from outcomes.services import biennium_close, biennium_reopen
from rbm.exceptions import ApplicationError
from tests.factories import biennium, user_with_role


def test_closing_and_reopening_a_biennium_log_who_which_and_why(db, caplog):
    manager = user_with_role("manager", username="kofi")
    administrator = user_with_role("administrator", username="ada")

    with caplog.at_level(logging.INFO, logger="outcomes.services"):
        biennium_close(user=manager, biennium=biennium(2014), reason=" Report published ")
        biennium_reopen(user=administrator, biennium=biennium(2014), reason="Late evidence\nfrom Ghana")

    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("INFO", f"Biennium 2014-15 closed by 'kofi' (user {manager.pk}); reason: 'Report published'"),
        ("INFO", f"Biennium 2014-15 reopened by 'ada' (user {administrator.pk}); reason: 'Late evidence\\nfrom Ghana'"),
    ]


def test_a_closed_biennium_is_refused_with_the_one_message_and_an_open_one_passes(db):
    Biennium.objects.filter(start_year=2014).update(is_closed=True)

    with pytest.raises(ApplicationError) as refused:
        biennium_ensure_open(biennium=biennium(2014))
    biennium_ensure_open(biennium=biennium(2016))

    assert refused.value.message == "The biennium 2014-15 is closed; nothing in it can change."
    assert (biennium_refusal(biennium=biennium(2014)), biennium_refusal(biennium=biennium(2016))) == (
        "The biennium 2014-15 is closed; nothing in it can change.",
        "",
    )
