# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""describe_changes: a change set told by field, values as people write them, secrets only said to change."""

from typing import Dict, List

from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    IP, SECRET_BEFORE, SECRET_CHANGED, IPNet, changes_diff, decode, describe_changes, describe_config, encode,
    encode_entries, owned_keys, plan_changes, set_field, vic, vicstruct)
from ansible_collections.vic.vch.plugins.module_utils.options import option_for
from ansible_collections.vic.vch.plugins.module_utils.vch.mapping import OPTION_FIELDS as VCH_OPTIONS
from ansible_collections.vic.vch.plugins.module_utils.containervm.mapping import OPTION_FIELDS as CONTAINER_OPTIONS
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig

from tests.support.vectors import load_fixture

REAL_VCH = load_fixture("vic-real-vch.json")["extraConfig"]


@vicstruct
class Net:
    name: str = vic("name", scope="read-only")
    gateway: IPNet = vic("gateway", scope="read-only")


@vicstruct
class Conf:
    id: str = vic("id", scope="read-only")
    password: str = vic("password", scope="secret")
    owner: str = vic("owner", scope="hidden")
    dns: List[IP] = vic("dns", scope="read-only")
    nets: Dict[str, Net] = vic("nets", scope="read-only")


def conf(**changes):
    value = Conf(id="vch-1", password="old-Pa55", owner="ops", dns=[IP.parse("8.8.8.8")],
                 nets={"public": Net("public", IPNet.parse("10.0.0.254/24"))})
    for name, item in changes.items():
        setattr(value, name, item)
    return value


def describe(before, after):
    current = encode(before)
    return describe_changes(Conf, plan_changes(encode_entries(after), current, owns=owned_keys(Conf)), current)


def test_an_address_list_is_told_in_dotted_form_with_its_raw_keys_beside():
    items = describe(conf(), conf(dns=[IP.parse("10.10.0.2")]))
    assert [(i["field"], i["before"], i["after"]) for i in items] == [("dns", ["8.8.8.8"], ["10.10.0.2"])]
    # the raw keys stay for those who want them: VIC's layout, base64 and all
    assert items[0]["raw"] == [
        {"key": "guestinfo.vice./dns|0", "before": "AAAAAAAAAAAAAP//CAgICA==", "after": "AAAAAAAAAAAAAP//CgoAAg=="}]


def test_a_changed_secret_says_only_that_it_changed():
    items = describe(conf(), conf(password="new-Pa55"))
    assert [(i["field"], i["before"], i["after"]) for i in items] == [("password", SECRET_BEFORE, SECRET_CHANGED)]
    assert "Pa55" not in repr(items) and "Pa55" not in repr(changes_diff(items))
    diff = changes_diff(items)
    assert diff["before"]["password"] != diff["after"]["password"]  # Ansible shows a line for it


def test_a_hidden_value_is_the_users_own_and_is_shown():
    items = describe(conf(), conf(owner="web team"))
    assert [(i["field"], i["before"], i["after"]) for i in items] == [("owner", "ops", "web team")]


def test_a_map_entry_added_or_removed_is_one_item_with_its_whole_value():
    items = describe(conf(), conf(nets={"client": Net("client", IPNet.parse("10.1.0.1/16"))}))
    assert [(i["field"], i["before"], i["after"]) for i in items] == [
        ("nets[client]", None, {"name": "client", "gateway": "10.1.0.1/16"}),
        ("nets[public]", {"name": "public", "gateway": "10.0.0.254/24"}, None)]
    assert all(k["key"].startswith(("guestinfo.vice./nets|client", "guestinfo.vice./nets|public"))
               for i in items for k in i["raw"][1:])
    assert items[0]["raw"][0]["key"] == "guestinfo.vice./nets"  # the list of entries goes with the first


def test_a_key_no_field_reads_is_reported_raw():
    current = dict(encode(conf()), **{"guestinfo.vice./stale": "x"})
    changes = plan_changes(encode_entries(conf()), current, owns=lambda key: key.startswith("guestinfo.vice./"))
    items = describe_changes(Conf, changes, current)
    assert items == [{"field": None, "before": "x", "after": None,
                      "raw": [{"key": "guestinfo.vice./stale", "before": "x", "after": None}]}]
    assert changes_diff(items) == {"before": {"guestinfo.vice./stale": "x"}, "after": {}}


def test_no_change_no_item():
    assert describe(conf(), conf()) == []


def test_on_a_vch_made_by_vic_machine_values_read_as_people_write_them():
    config = decode(VCHConfig, REAL_VCH)
    set_field(config, "network.bridge_ip_range", "10.0.0.0/16")
    set_field(config, "registry.insecure_registries", ["insecure:2345", "10.0.0.9:5000"])
    baseline = dict((e.key, e.value) for e in encode_entries(decode(VCHConfig, REAL_VCH)))
    changes = plan_changes(encode_entries(config), baseline)
    items = describe_changes(VCHConfig, changes, REAL_VCH)
    assert [(i["field"], i["before"], i["after"]) for i in items] == [
        ("network.bridge_ip_range", "172.16.0.0/12", "10.0.0.0/16"),
        ("registry.insecure_registries", ["insecure:2345"], ["insecure:2345", "10.0.0.9:5000"])]
    assert [option_for(i["field"], VCH_OPTIONS) for i in items] == ["bridge_network_range", "registries.insecure"]


def test_a_creation_is_told_as_the_configuration():
    shown = describe_config(conf())
    assert shown == {"id": "vch-1", "password": "********", "owner": "ops", "dns": ["8.8.8.8"],
                     "nets": {"public": {"name": "public", "gateway": "10.0.0.254/24"}}}


def test_options_are_named_from_fields():
    assert option_for("executor_config.networks[public].network.nameservers", VCH_OPTIONS) == "dns_servers"
    assert option_for("executor_config.networks[client].static", VCH_OPTIONS) == "client_network"
    assert option_for("executor_config.sessions[port-layer].cmd.env", VCH_OPTIONS) == "target"
    assert option_for("executor_config.sessions[vicadmin].cmd.env", VCH_OPTIONS) == "proxies"
    assert option_for("network.container_networks[bridge].common.id", VCH_OPTIONS) == "bridge_network"
    assert option_for("network.container_networks[vnet]", VCH_OPTIONS) == "container_networks"
    assert option_for("connection.target_thumbprint", VCH_OPTIONS) == "thumbprint"
    assert option_for("connection.targetx", VCH_OPTIONS) is None  # a prefix of a name is not the field
    assert option_for("storage.scratch_size", VCH_OPTIONS) is None and option_for(None, VCH_OPTIONS) is None
    assert option_for("sessions[0123abc].cmd.args", CONTAINER_OPTIONS) == "command.args"
    assert option_for("hostname", CONTAINER_OPTIONS) == "container_hostname"


_ADDRESSES = st.lists(st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: IP.parse("%d.%d.%d.%d" % t)),
                      max_size=3)
_CONFS = st.builds(Conf, id=st.sampled_from(["vch-1", "vch-2", ""]), password=st.sampled_from(["", "a", "b"]),
                   owner=st.sampled_from(["", "ops"]), dns=_ADDRESSES,
                   nets=st.dictionaries(st.sampled_from(["public", "client"]),
                                        st.builds(Net, name=st.sampled_from(["x", "y"]),
                                                  gateway=st.sampled_from([IPNet(), IPNet.parse("10.0.0.1/8")])),
                                        max_size=2))


@settings(max_examples=150, deadline=None)
@given(_CONFS, _CONFS)
def test_every_key_that_changes_belongs_to_exactly_one_item_and_no_secret_shows(before, after):
    current = encode(before)
    changes = plan_changes(encode_entries(after), current, owns=owned_keys(Conf))
    items = describe_changes(Conf, changes, current)
    listed = [k["key"] for item in items for k in item["raw"]]
    assert len(listed) == len(set(listed))
    expected = dict(current)
    for key, value in changes.changes:
        if key in changes.removed:
            expected.pop(key, None)
        else:
            expected[key] = "" if value == "<nil>" else value
    moved = set(k for k in set(current) | set(expected) if current.get(k) != expected.get(k))
    assert moved <= set(listed) <= set(changes.changed_keys)
    assert bool(items) == bool(moved)
    for item in items:
        assert item["raw"] and (item["before"] != item["after"])
        if item["field"] == "password":
            assert item["before"] in (None, SECRET_BEFORE) and item["after"] in (None, SECRET_CHANGED)
