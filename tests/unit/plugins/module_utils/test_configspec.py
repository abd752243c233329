# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ConfigSpec side: extraConfig in, minimal change list out."""

from datetime import datetime, timezone
from typing import Dict, List

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    MASK, SECRET_BEFORE, SECRET_CHANGED, describe_changes, encode, encode_entries, extra_config_map, owned_keys,
    plan_changes, vic, vicstruct)


class OptionValue:
    """Shaped like pyvmomi's vim.option.OptionValue (the codec only reads .key and .value)."""

    def __init__(self, key, value):
        self.key = key
        self.value = value


@vicstruct
class Net:
    name: str = vic("name", scope="read-only")
    gateway: str = vic("gateway", scope="read-only")


@vicstruct
class Conf:
    id: str = vic("id", scope="read-only")
    password: str = vic("password", scope="secret")
    token: str = vic("token", scope="")
    status: str = vic("status", scope="read-write")
    dns: List[str] = vic("dns", scope="read-only")
    nets: Dict[str, Net] = vic("nets", scope="read-only")


def conf(**changes):
    value = Conf(id="vch-1", password="pw", token="tk", status="", dns=["10.0.0.1", "10.0.0.2"],
                 nets={"public": Net("public", "10.0.0.254"), "client": Net("client", "")})
    for name, item in changes.items():
        setattr(value, name, item)
    return value


def test_extra_config_map_unescapes_and_stringifies():
    got = extra_config_map([OptionValue("a", "<nil>"), OptionValue("b", 5), OptionValue("c", "x"),
                            OptionValue("d", None)])
    assert got == {"a": "", "b": "5", "c": "x", "d": ""}
    assert extra_config_map({"a": "<nil>"}) == {"a": ""}
    assert extra_config_map([("k", "v")]) == {"k": "v"}


def test_converged_vm_needs_no_change():
    current = encode(conf())
    current["vmware.tools.state"] = "running"  # not ours
    changes = plan_changes(encode_entries(conf()), current, owns=owned_keys(Conf))
    assert not changes and changes.changes == [] and changes.changed_keys == []


def test_only_the_delta_is_sent_and_empty_values_are_escaped():
    current = encode(conf())
    changes = plan_changes(encode_entries(conf(id="vch-2", token="")), current, owns=owned_keys(Conf))
    assert changes.changes == [("guestinfo.vice./id", "vch-2"), ("token", "<nil>")]
    assert changes.removed == []


def test_missing_and_changed_keys_are_restored_exactly():
    current = encode(conf())
    del current["guestinfo.vice./nets|public/gateway"]
    current["guestinfo.vice./dns~"] = "8.8.8.8"
    changes = plan_changes(encode_entries(conf()), current, owns=owned_keys(Conf))
    assert sorted(changes.changes) == [("guestinfo.vice./dns~", "10.0.0.1|10.0.0.2"),
                                       ("guestinfo.vice./nets|public/gateway", "10.0.0.254")]


def test_owned_keys_no_longer_desired_are_deleted_and_foreign_keys_kept():
    current = encode(conf())
    current["guestinfo.vice./nets|old/name"] = "old"
    current["guestinfo.vice./nets|old/gateway"] = "1.1.1.1"
    current["guestinfo.foreign"] = "keep me"
    current["numa.autosize.vcpu.maxPerVirtualNode"] = "1"
    desired = conf(dns=[])
    changes = plan_changes(encode_entries(desired), current, owns=owned_keys(Conf))
    assert changes.removed == ["guestinfo.vice./dns", "guestinfo.vice./dns~",
                               "guestinfo.vice./nets|old/gateway", "guestinfo.vice./nets|old/name"]
    assert all(value == "" for key, value in changes.changes if key in changes.removed)
    assert "guestinfo.foreign" not in changes.changed_keys
    assert "numa.autosize.vcpu.maxPerVirtualNode" not in changes.changed_keys


def test_owned_keys_matches_exactly_the_schema():
    owns = owned_keys(Conf)
    for key in encode(conf()):
        assert owns(key), key
    for key in ("guestinfo.vice./nets|x/name", "guestinfo.vice./dns~", "password", "guestinfo.vice./password@secret"):
        assert owns(key) if key != "password" else not owns(key), key
    for key in ("guestinfo.vice./nets|x/other", "guestinfo.vice./idx", "guestinfo.vice..id", "nets|x/name",
                "tools.guest.desktop.autolock"):
        assert not owns(key), key


def test_the_report_never_shows_a_secret_and_shows_hidden_values():
    current = encode(conf())
    changes = plan_changes(encode_entries(conf(password="new-pw", token="new-tk", id="vch-9")), current)
    items = dict((item["field"], item) for item in describe_changes(Conf, changes, current))
    assert (items["password"]["before"], items["password"]["after"]) == (SECRET_BEFORE, SECRET_CHANGED)
    assert all(k["before"] == MASK and k["after"] == MASK for k in items["password"]["raw"])
    assert (items["token"]["before"], items["token"]["after"]) == ("tk", "new-tk")  # hidden from the guest only
    assert (items["id"]["before"], items["id"]["after"]) == ("vch-1", "vch-9")
    assert "new-pw" not in repr(items) and "'pw'" not in repr(items)


def test_a_plain_map_can_be_planned_too():
    changes = plan_changes({"a": "1", "b": ""}, {"a": "1", "b": "x"})
    assert changes.changes == [("b", "<nil>")]


@vicstruct
class Network:
    ip: str = vic("ip", scope="read-only")
    mask: str = vic("mask", scope="read-only")
    gateway: str = vic("gateway", scope="read-only")


@vicstruct
class WithGroup:
    name: str = vic("name", scope="read-only")
    network: Network = vic("network", scope="read-only,atomic:net")
    stamp: datetime = vic("stamp", scope="volatile", produce=lambda obj: datetime.now(timezone.utc))


def test_atomic_group_goes_whole_with_its_marker_last():
    before = WithGroup("a", Network("10.0.0.5", "24", "10.0.0.1"))
    current = encode(before)
    after = WithGroup("a", Network("10.0.0.6", "24", "10.0.0.1"))
    changes = plan_changes(encode_entries(after), current)
    keys = [key for key, _value in changes.changes]
    assert set(keys[:3]) == {"guestinfo.vice./network/ip", "guestinfo.vice./network/mask",
                             "guestinfo.vice./network/gateway"}
    assert "guestinfo.vice./stamp" in keys  # a volatile value rides along with a real change
    assert keys[-1] == "guestinfo.vice./_atomic|net"
    assert "guestinfo.vice./name" not in keys


_GENERATION = iter(range(1, 1000))


@vicstruct
class Counted:
    name: str = vic("name", scope="read-only")
    generation: int = vic("generation", scope="volatile", produce=lambda obj: next(_GENERATION))


def test_volatile_values_alone_cause_no_reconfigure():
    current = encode(Counted("a"))
    again = encode_entries(Counted("a"))
    volatile = [e for e in again if e.volatile]
    assert [e.key for e in volatile] == ["guestinfo.vice./generation"]
    assert volatile[0].value != current["guestinfo.vice./generation"]  # a fresh value at each encode
    assert not plan_changes(again, current)
    changed = plan_changes(encode_entries(Counted("b")), current)
    assert [key for key, _value in changed.changes] == ["guestinfo.vice./name", "guestinfo.vice./generation"]


def test_guest_published_keys_go_only_with_their_entity():
    from ansible_collections.vic.vch.plugins.module_utils.extraconfig import retire_with_entity

    desired = ["guestinfo.vice./init/networks|client/static", "guestinfo.vice./init/networks", "other"]
    owns = retire_with_entity(lambda key: key != "not-ours", desired)
    assert not owns("guestinfo.vice..init.networks|client.assigned.IP")  # its network is still desired
    assert owns("guestinfo.vice..init.networks|gone.assigned.IP")  # its network was removed
    assert owns("guestinfo.vice./init/networks|gone/static")  # not guest-written: plain ownership
    assert owns("guestinfo.vice..createtime")  # top level, not desired: retired
    assert not owns("not-ours")
