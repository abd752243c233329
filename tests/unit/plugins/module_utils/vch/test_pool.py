# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VCH's resource pool options: parsed as vic-machine takes them, shown as people write them."""

import pytest

from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vch import pool
from ansible_collections.vic.vch.plugins.module_utils.vch.options import parse_shares, validate


@pytest.mark.parametrize("given, parsed", [("low", ("low", 0)), ("Normal", ("normal", 0)), ("HIGH", ("high", 0)),
                                           ("3000", ("custom", 3000)), (3000, ("custom", 3000))])
def test_shares_are_a_level_or_a_number(given, parsed):
    assert parse_shares("cpu_shares", given) == parsed


@pytest.mark.parametrize("given", ["medium", "0", "-5", "1.5", ""])
def test_other_shares_are_refused_naming_the_option(given):
    with pytest.raises(OptionError) as caught:
        parse_shares("memory_shares", given)
    assert caught.value.field == "memory_shares"


@pytest.mark.parametrize("option", ["cpu", "cpu_reservation", "memory", "memory_reservation"])
def test_a_negative_amount_is_refused_naming_the_option(option):
    with pytest.raises(OptionError) as caught:
        validate({option: -1})
    assert caught.value.field == option


def test_settings_apply_the_options_given_over_the_live_ones():
    live = {"cpu": {"limit": 4000, "reservation": 100, "shares": ("high", 0)}}
    assert pool.settings_of({"cpu": 0, "memory_shares": ("custom", 500)}, live) == {
        "cpu": {"limit": -1, "reservation": 100, "shares": ("high", 0)},  # 0 is no limit
        "memory": {"limit": -1, "reservation": 0, "shares": ("custom", 500)}}
    assert pool.settings_of({}) == {"cpu": pool.DEFAULTS, "memory": pool.DEFAULTS}
    assert not pool.given({"debug": 1}) and pool.given({"memory_reservation": 0})


def test_create_options_are_vic_machines_flags():
    assert pool.create_options({"cpu": 2000, "cpu_shares": ("custom", 3000), "memory_shares": ("high", 0),
                                "memory_reservation": 256}) == [
        "--cpu=2000", "--cpu-shares=3000", "--memory-reservation=256", "--memory-shares=high"]


def test_shown_as_people_write_them():
    assert pool.shown("cpu", "limit", -1) == "unlimited"
    assert pool.shown("cpu", "limit", 2000) == "2000 MHz" and pool.shown("memory", "reservation", 0) == "0 MB"
    assert pool.shown("memory", "shares", ("custom", 700)) == 700 and pool.shown("cpu", "shares", ("low", 0)) == "low"
