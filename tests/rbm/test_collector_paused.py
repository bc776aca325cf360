"""Holding the cycle collector during bulk writes."""

import gc

import pytest

from rbm.bulk import collector_paused


def test_the_collector_is_held_inside_and_running_again_after_an_error():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_nested_hold_leaves_the_collector_held_until_the_outermost_ends():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
