# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What guests publish (vic_schema.published): the keys derived from the schemas are VIC's own keys (as in the
real VCH and VIC's vectors), what tells a VCH from a containerVM, and the published status read back."""

import base64

import pytest

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IPNet, encode
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    Detail, ExecutorConfig, NetworkEndpoint, SessionConfig, VCHConfig)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.published import (
    VCH_SESSIONS, changeable_while_running, containervm_progress, containervm_published_status,
    containervm_started_key, containervm_stop_time_key, is_containervm, is_vch, vch_client_ip_key, vch_progress,
    vch_published_status, vch_started_key)
from tests.support.vectors import load_fixture

REAL_VCH = load_fixture("vic-real-vch.json")["extraConfig"]
VECTORS = dict((v["name"], v) for v in load_fixture("vic-extraconfig.json")["vectors"])
CONTAINERVM = VECTORS["containervm-executor"]["expected"]
CONTAINER_ID = "abc123def456"


def b64(*octets):
    return base64.b64encode(bytes(octets)).decode("ascii")


# -- keys: VIC's own ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("session", VCH_SESSIONS)
def test_vch_started_key_is_vics(session):
    key = vch_started_key(session)
    assert key == "guestinfo.vice..init.sessions|%s.started" % session
    assert REAL_VCH[key] == "true"


def test_vch_session_names_are_the_real_vchs():
    assert sorted(VCH_SESSIONS) == REAL_VCH["guestinfo.vice./init/sessions"].split("|")


def test_vch_client_ip_key_is_vics():
    assert vch_client_ip_key() == "guestinfo.vice..init.networks|client.assigned.IP"
    assert vch_client_ip_key() in REAL_VCH


def test_containervm_keys_are_vics():
    assert containervm_started_key(CONTAINER_ID) == "guestinfo.vice..sessions|abc123def456.started"
    assert containervm_stop_time_key(CONTAINER_ID) == "guestinfo.vice..sessions|abc123def456.detail.stoptime"
    assert CONTAINERVM[containervm_started_key(CONTAINER_ID)] == "true"
    assert CONTAINERVM[containervm_stop_time_key(CONTAINER_ID)] == "0"


def test_derived_keys_are_the_codecs():
    config = ExecutorConfig()
    session = SessionConfig(started="true", detail=Detail(stop_time=1))
    config.sessions = {"c1": session}
    written = encode(config)
    assert written[containervm_started_key("c1")] == "true"
    assert written[containervm_stop_time_key("c1")] == "1"


# -- a VCH or a containerVM ---------------------------------------------------------------------------------------

def test_the_real_vch_is_a_vch():
    assert is_vch(REAL_VCH)
    assert not is_containervm(REAL_VCH)


def test_the_containervm_vector_is_a_containervm():
    assert is_containervm(CONTAINERVM)
    assert not is_vch(CONTAINERVM)


@pytest.mark.parametrize("extra_config", [{}, {"tools.syncTime": "TRUE"}, {"guestinfo.vice./connect/target": "x"}])
def test_neither(extra_config):
    assert not is_vch(extra_config)
    assert not is_containervm(extra_config)


def test_one_key_decides():
    assert is_vch({vch_started_key("port-layer"): "true"})
    assert is_containervm({containervm_started_key("c1"): ""})
    assert not is_containervm({containervm_started_key("c1"): "", vch_started_key("vicadmin"): ""})


def test_our_own_encodings():
    vch = VCHConfig()
    vch.executor_config = ExecutorConfig(sessions={"port-layer": SessionConfig()})
    assert is_vch(encode(vch)) and not is_containervm(encode(vch))
    containervm = ExecutorConfig()
    containervm.sessions = {"c1": SessionConfig()}
    assert is_containervm(encode(containervm)) and not is_vch(encode(containervm))


@pytest.mark.parametrize("key, expected", [
    ("annotations", True),
    ("annotations|io.kubernetes.pod.name", True),
    ("guestinfo.vice./sessions|c1/restart", True),
    ("guestinfo.vice./sessions|c1/stopSignal", True),
    ("guestinfo.vice./sessions|c1/cmd/Path", False),
    ("guestinfo.vice./sessions|c1/tty", False),
    ("guestinfo.vice..sessions|c1.started", False),
    ("guestinfo.vice./hostname", False),
    ("guestinfo.vice./execs|e1/restart", False),  # an exec's, not a session's
    ("tools.syncTime", False),
])
def test_changeable_while_running(key, expected):
    assert changeable_while_running(key) is expected


def test_changeable_while_running_of_the_vector():
    changeable = sorted(key for key in CONTAINERVM if changeable_while_running(key))
    assert changeable == ["annotations", "annotations|com.example/owner", "annotations|io.kubernetes.pod.name",
                          "guestinfo.vice./sessions|abc123def456/restart",
                          "guestinfo.vice./sessions|abc123def456/stopSignal"]


# -- the VCH's published status -----------------------------------------------------------------------------------

def test_the_real_vchs_status():
    assert vch_published_status(REAL_VCH) == {
        "sessions": {"docker-personality": "true", "port-layer": "true", "vicadmin": "true"},
        "client_ip": "10.192.168.57",  # CsCoOQ==
    }


def test_nothing_published_yet():
    assert vch_published_status({}) == {"sessions": {"docker-personality": "", "port-layer": "", "vicadmin": ""}}
    assert "client_ip" not in vch_published_status({vch_client_ip_key(): ""})


def test_a_written_status():
    extra_config = {vch_client_ip_key(): b64(10, 10, 0, 2), vch_started_key("port-layer"): "true",
                    vch_started_key("vicadmin"): "exec: /sbin/vicadmin: not found"}
    assert vch_published_status(extra_config) == {
        "sessions": {"docker-personality": "", "port-layer": "true", "vicadmin": "exec: /sbin/vicadmin: not found"},
        "client_ip": "10.10.0.2",
    }


def test_a_16_byte_ipv4_address():
    assert vch_published_status({vch_client_ip_key(): b64(*([0] * 10 + [255, 255, 192, 168, 1, 7]))})[
        "client_ip"] == "192.168.1.7"


@pytest.mark.parametrize("raw", ["not base64!", "x", "10.10.0.2"])
def test_a_malformed_client_address_is_shown_as_published(raw):
    assert vch_published_status({vch_client_ip_key(): raw})["client_ip"] == raw


def test_a_client_address_of_the_wrong_length_is_shown_as_published():
    raw = b64(0x61, 0x62, 0x63)
    assert vch_published_status({vch_client_ip_key(): raw})["client_ip"] == raw


# -- a containerVM's published status -----------------------------------------------------------------------------

def test_the_containervm_vectors_status():
    assert containervm_published_status(CONTAINERVM, CONTAINER_ID) == {
        "started": "true", "exit_code": 0, "start_time": "2017-01-02T03:04:06+00:00", "stop_time": None,
        "addresses": {},
    }


def test_an_unknown_session():
    assert containervm_published_status(CONTAINERVM, "other") == {
        "started": "", "exit_code": 0, "start_time": None, "stop_time": None, "addresses": {}}


def test_a_written_containervm_status():
    config = ExecutorConfig()
    session = SessionConfig(started="true", exit_status=3, detail=Detail(start_time=86400, stop_time=86461))
    config.sessions = {"c1": session}
    bridge, public, unassigned = NetworkEndpoint(), NetworkEndpoint(), NetworkEndpoint()
    bridge.assigned = IPNet.parse("172.16.0.5/16")
    public.assigned = IPNet.parse("10.10.0.2/24")
    config.networks = {"bridge": bridge, "public": public, "none": unassigned}
    assert containervm_published_status(encode(config), "c1") == {
        "started": "true", "exit_code": 3, "start_time": "1970-01-02T00:00:00+00:00",
        "stop_time": "1970-01-02T00:01:01+00:00",
        "addresses": {"bridge": "172.16.0.5/16", "public": "10.10.0.2/24"},
    }


def test_a_published_start_failure():
    extra_config = dict(CONTAINERVM)
    extra_config[containervm_started_key(CONTAINER_ID)] = "exec: /bin/sh: not found"
    extra_config["guestinfo.vice..sessions|abc123def456.status"] = "127"
    status = containervm_published_status(extra_config, CONTAINER_ID)
    assert (status["started"], status["exit_code"]) == ("exec: /bin/sh: not found", 127)


# -- progress: what a wait has and still wants, in words -------------------------------------------------------------

def test_a_vch_that_published_everything_is_done():
    progress = vch_progress(REAL_VCH)
    assert progress.done and progress.failure is None and progress.missing == []
    assert progress.published == ["docker-personality started", "port-layer started", "vicadmin started",
                                  "client address"]


def test_a_vch_on_its_way_says_what_is_missing_and_a_failed_service_ends_the_wait():
    halfway = {vch_started_key("port-layer"): "true"}
    progress = vch_progress(halfway)
    assert not progress.done and progress.published == ["port-layer started"]
    assert progress.missing == ["docker-personality started", "vicadmin started", "client address"]
    assert progress.describe() == ("published: port-layer started; not published: docker-personality started, "
                                   "vicadmin started, client address")
    failed = vch_progress(dict(halfway, **{vch_started_key("vicadmin"): "exec: /sbin/vicadmin: not found"}))
    assert failed.failure == "vicadmin failed to start: exec: /sbin/vicadmin: not found"
    assert vch_progress({}).describe() == ("published: nothing; not published: docker-personality started, "
                                           "port-layer started, vicadmin started, client address")


def test_a_containervm_started_or_exited():
    started = {containervm_started_key(CONTAINER_ID): "true"}
    assert containervm_progress(started, CONTAINER_ID).done
    assert containervm_progress(started, CONTAINER_ID, "exited").missing == ["stop time"]
    exited = dict(started, **{containervm_stop_time_key(CONTAINER_ID): "1700000000"})
    assert containervm_progress(exited, CONTAINER_ID, "exited").as_dict() == {
        "published": ["started", "stop time"], "missing": [], "failure": None}
    # a container that ran and stopped before its start was seen has exited all the same
    assert containervm_progress({containervm_stop_time_key(CONTAINER_ID): "1700000000"}, CONTAINER_ID, "exited").done
    failed = containervm_progress({containervm_started_key(CONTAINER_ID): "exec: /nope: not found"}, CONTAINER_ID)
    assert failed.failure == "failed to start: exec: /nope: not found" and failed.published == ["failed to start"]
