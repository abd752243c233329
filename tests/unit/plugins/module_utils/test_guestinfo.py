# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guest transport, against a stand-in for the hypervisor and against Debian's real vmware-rpctool."""

from typing import List

import pytest
from tests.support.guest_tools import Hypervisor
from tests.support.guest_tools import real_rpctool as _real_rpctool

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    GUEST_MESSAGE_LIMIT, ConfigError, GuestInfoSink, GuestInfoSource, GuestToolsError, NotInVMwareVMError,
    ToolsTransport, TornUpdateError, decode, decode_in_guest, encode, encode_entries, vic, vicstruct)


@vicstruct
class Session:
    path: str = vic("Path", scope="read-only")
    args: List[str] = vic("Args", scope="read-only")
    started: str = vic("started", scope="read-write")
    status: int = vic("status", scope="read-write")


@vicstruct
class Guest:
    id: str = vic("id", scope="read-only")
    name: str = vic("name", scope="hidden")
    session: Session = vic("session", scope="read-only")
    password: str = vic("password", scope="secret")


GUEST = Guest(id="c1", name="web", session=Session("/bin/sh", ["/bin/sh", "-c", "true"], "", 0), password="pw")


@pytest.fixture
def hypervisor(tmp_path, monkeypatch):
    # a guest sees only guestinfo.* keys: the VM's hidden keys are not in what it can query
    visible = {k: (v if v else "<nil>") for k, v in encode(GUEST).items() if k.startswith("guestinfo.")}
    return Hypervisor(tmp_path, monkeypatch, visible)


def test_guest_reads_what_it_may_see(hypervisor):
    got = decode(Guest, GuestInfoSource(ToolsTransport([[hypervisor.rpctool]])))
    assert got.id == "c1" and got.session == GUEST.session
    assert got.name == ""  # hidden: never asked for, the guest cannot see it
    assert all(call[1].startswith("info-get guestinfo.") for call in hypervisor.calls())
    assert all(len(call) == 2 for call in hypervisor.calls())  # the whole command is one argument


def test_empty_value_reads_back_empty(hypervisor):
    assert GuestInfoSource(ToolsTransport([[hypervisor.rpctool]]))("guestinfo.vice..session.started") == ""


def test_missing_key_is_a_key_error_and_leaves_the_default(hypervisor):
    transport = ToolsTransport([[hypervisor.rpctool]])
    with pytest.raises(KeyError):
        GuestInfoSource(transport)("guestinfo.vice./nope")
    state = hypervisor.read()
    del state["guestinfo.vice./id"]
    hypervisor.write(state)
    assert decode(Guest, GuestInfoSource(transport)).id == ""


def test_falls_back_to_vmtoolsd(hypervisor, tmp_path):
    transport = ToolsTransport([[str(tmp_path / "no-such-rpctool")], [hypervisor.vmtoolsd, "--cmd"]])
    assert decode(Guest, GuestInfoSource(transport)).id == "c1"
    assert hypervisor.calls()[0][:2] == ["vmtoolsd", "--cmd"]


def test_guest_publishes_read_write_keys(hypervisor):
    sink = GuestInfoSink(ToolsTransport([[hypervisor.rpctool]]))
    sink("guestinfo.vice..session.started", "true")
    sink("guestinfo.vice..session.status", "")
    state = hypervisor.read()
    assert state["guestinfo.vice..session.started"] == "true"
    assert state["guestinfo.vice..session.status"] == "<nil>"


@pytest.mark.parametrize("key, value, why", [
    ("guestinfo.vice./id", "x", "read-only"),
    ("name", "x", "hidden"),
    ("guestinfo.vice..session.started", "x" * GUEST_MESSAGE_LIMIT, "limit"),
])
def test_sink_refuses_before_writing(hypervisor, key, value, why):
    sink = GuestInfoSink(ToolsTransport([[hypervisor.rpctool]]))
    with pytest.raises(ConfigError, match=why) as caught:
        sink.write({"guestinfo.vice..session.status": "1", key: value})
    assert key in str(caught.value)
    assert hypervisor.calls() == []  # nothing half-written


def test_outside_a_vm_is_a_clear_error(hypervisor, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "outside")
    with pytest.raises(NotInVMwareVMError, match="not inside a VMware VM"):
        GuestInfoSource(ToolsTransport([[hypervisor.rpctool]]))("guestinfo.vice./id")


def test_no_tools_at_all(tmp_path):
    transport = ToolsTransport([[str(tmp_path / "a")], [str(tmp_path / "b"), "--cmd"]])
    with pytest.raises(GuestToolsError, match="could not be reached"):
        transport.get("guestinfo.x")


def test_real_vmware_rpctool_outside_a_vm():
    transport = ToolsTransport([[_real_rpctool()]])
    with pytest.raises(NotInVMwareVMError, match="not inside a VMware VM"):
        decode(Guest, GuestInfoSource(transport))


@vicstruct
class Grouped:
    ip: str = vic("ip", scope="read-only,atomic:net")
    gateway: str = vic("gateway", scope="read-only,atomic:net")


class TornOnce:
    """A transport whose first reading of the gateway is from before the update."""

    def __init__(self, values, stale):
        self.values = values
        self.stale = dict(stale)
        self.reads = 0

    def get(self, key):
        self.reads += 1
        if key in self.stale:
            return self.stale.pop(key)
        if key not in self.values:
            raise KeyError(key)
        return self.values[key]


def test_guest_rereads_a_torn_atomic_group():
    values = encode(Grouped("10.0.0.6", "10.0.0.1"))
    transport = TornOnce(values, {"guestinfo.vice./gateway": "10.0.0.254"})
    assert decode_in_guest(Grouped, transport) == Grouped("10.0.0.6", "10.0.0.1")
    assert transport.reads == 6  # one torn read of 3 keys, then a clean one


def test_torn_group_fails_clearly_after_the_attempts():
    values = encode(Grouped("10.0.0.6", "10.0.0.1"))
    values["guestinfo.vice./gateway"] = "10.9.9.9"  # changed out of band, marker not updated
    with pytest.raises(TornUpdateError, match="net"):
        decode_in_guest(Grouped, TornOnce(values, {}), attempts=2)


def test_marker_is_written_last_in_the_guest(hypervisor):
    @vicstruct
    class Published:
        a: str = vic("a", scope="read-write")
        b: str = vic("b", scope="read-write")

    sink = GuestInfoSink(ToolsTransport([[hypervisor.rpctool]]))
    entries = list(reversed(encode_entries(Published("1", "2"))))
    sink.write(entries)
    assert [call[1].split(" ")[1] for call in hypervisor.calls()] == ["guestinfo.vice..b", "guestinfo.vice..a"]
