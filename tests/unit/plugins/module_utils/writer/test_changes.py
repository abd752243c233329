# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Change plans (writer.changes) and secret values (writer.secrets) with the real VIC schemas: what is planned,
what is never touched, secrets compared decrypted, and the retry on a concurrent change."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    SECRET_KEY_KEY, ChangeSet, ConfigError, decode, describe_changes, encode, encode_entries)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    Cmd, Common, ExecutorConfig, ExecutorConfigCommon, SessionConfig, VCHConfig)
from ansible_collections.vic.vch.plugins.module_utils.vsphere import session as vsphere_session
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import ConcurrentChange, VSphereError
from ansible_collections.vic.vch.plugins.module_utils.writer import changes
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import (
    owner_of, plan_edit, plan_update, retry_on_conflict, with_secrets)
from ansible_collections.vic.vch.plugins.module_utils.writer.secrets import SecretKeyUnavailable, Secrets
from tests.support.vectors import load_fixture

TOKEN_KEY = "guestinfo.vice./connect/token@secret"
TARGET_KEY = "guestinfo.vice./connect/target"
STARTED_KEY = "guestinfo.vice..sessions|abc.started"
REAL_VCH = load_fixture("vic-real-vch.json")["extraConfig"]


def containervm(**cmd):
    config = ExecutorConfig(executor_config_common=ExecutorConfigCommon(id="abc", name="web"))
    session = SessionConfig(common=Common(id="abc"), cmd=Cmd(path="/bin/sh", args=["/bin/sh"]))
    for name, value in cmd.items():
        setattr(session.cmd, name, value)
    config.sessions = {"abc": session}
    return config


def vch(token="s3cret"):
    config = VCHConfig()
    config.connection.target = "https://vc.example.com"
    config.connection.username = "admin"
    config.connection.token = token
    return config


def sealed_vm(config, secrets):
    """The extraConfig of a VM written with ``config``: secrets sealed, the key stored."""
    current = dict((e.key, secrets.seal(e.value) if e.secret else e.value) for e in encode_entries(config))
    current[SECRET_KEY_KEY] = secrets.key_value
    return current


# -- plan_update --------------------------------------------------------------------------------------------------

def test_a_converged_vm_plans_nothing():
    current = encode(containervm())
    planned, secrets = plan_update(ExecutorConfig, encode_entries(containervm()), current)
    assert not planned
    assert (planned.changes, planned.removed, secrets) == ([], [], None)


def test_a_changed_field_plans_exactly_its_key():
    current = encode(containervm())
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm(dir="/tmp")), current)
    assert planned.changes == [("guestinfo.vice./sessions|abc/cmd/Dir", "/tmp")]
    assert planned.removed == []
    assert [(i["field"], i["before"], i["after"]) for i in describe_changes(ExecutorConfig, planned, current)] == [
        ("sessions[abc].cmd.dir", "", "/tmp")]


def test_a_field_set_empty_is_sent_as_nil_not_deleted():
    current = encode(containervm(dir="/tmp"))
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm()), current)
    assert planned.changes == [("guestinfo.vice./sessions|abc/cmd/Dir", "<nil>")]
    assert planned.removed == []


def test_keys_not_owned_by_the_schema_are_never_removed():
    current = encode(containervm())
    others = {"tools.syncTime": "TRUE", "guestinfo.other.tool": "1", "svga.present": "TRUE",
              TARGET_KEY: "https://vc"}  # a VCH's key is not a containerVM's
    current.update(others)
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm()), current)
    assert not planned
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm(dir="/x")), current)
    assert set(planned.changed_keys).isdisjoint(others)


def test_an_owned_key_no_longer_desired_is_removed():
    current = encode(containervm())
    current["guestinfo.vice./sessions|old/tty"] = "false"
    current["tools.syncTime"] = "TRUE"
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm()), current)
    assert planned.changes == [("guestinfo.vice./sessions|old/tty", "")]
    assert planned.removed == ["guestinfo.vice./sessions|old/tty"]


def test_what_the_guest_published_is_kept_not_overwritten():
    current = encode(containervm())
    current[STARTED_KEY] = "true"
    current["guestinfo.vice..sessions|abc.detail.starttime"] = "1700000000"
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm()), current)
    assert not planned
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm(dir="/tmp")), current)
    assert planned.changed_keys == ["guestinfo.vice./sessions|abc/cmd/Dir"]


def test_what_the_guest_published_stays_while_its_entry_is_desired():
    current = encode(containervm())
    current["guestinfo.vice..networks|client.assigned.IP"] = "CgoAAg=="  # a network not in the desired config
    current[STARTED_KEY] = "true"
    planned, _secrets = plan_update(ExecutorConfig, encode_entries(containervm()), current)
    # the session is desired: its start status stays; the network is not: its published address goes with it
    assert planned.removed == ["guestinfo.vice..networks|client.assigned.IP"]


def test_a_secret_with_the_same_plaintext_is_no_change():
    secrets = Secrets.generate()
    current = sealed_vm(vch(), secrets)
    planned, found = plan_update(VCHConfig, encode_entries(vch()), current)
    assert not planned
    assert found.key == secrets.key and not found.from_vmx


def test_a_secret_with_another_plaintext_is_one_change_sealed():
    secrets = Secrets.generate()
    current = sealed_vm(vch(), secrets)
    planned, found = plan_update(VCHConfig, encode_entries(vch("n3w")), current)
    assert planned.changes == [(TOKEN_KEY, "n3w")]  # plaintext until apply_update seals it
    found.seal_changes(planned)
    [(key, sealed)] = planned.changes
    assert key == TOKEN_KEY and sealed != "n3w"
    assert secrets.open(sealed) == "n3w"  # sealed with the VM's own key


def test_a_secret_sealed_with_another_key_is_sent_again():
    current = sealed_vm(vch(), Secrets.generate())
    current[TOKEN_KEY] = Secrets.generate().seal("s3cret")
    planned, _found = plan_update(VCHConfig, encode_entries(vch()), current)
    assert planned.changed_keys == [TOKEN_KEY]


def test_a_new_vm_with_a_secret_gets_a_key():
    planned, secrets = plan_update(VCHConfig, encode_entries(vch()), {})
    sent = dict(planned.changes)
    assert sent[SECRET_KEY_KEY] == secrets.key_value
    assert sent[TOKEN_KEY] == "s3cret"


def test_secret_values_without_a_readable_key_cannot_be_planned():
    current = sealed_vm(vch(), Secrets.generate())
    del current[SECRET_KEY_KEY]  # what real vCenter returns
    with pytest.raises(SecretKeyUnavailable) as caught:
        plan_update(VCHConfig, encode_entries(vch()), current)
    assert SECRET_KEY_KEY in str(caught.value)
    assert isinstance(caught.value, ConfigError)


def test_a_damaged_key_lets_changes_without_secrets_through_and_keeps_what_is_sealed():
    current = sealed_vm(vch(), Secrets.generate())
    current[SECRET_KEY_KEY] = "AAAA"  # damaged: not the base64 of a 32-byte key
    sealed = current[TOKEN_KEY]
    edited = dict(current)
    _config, planned, secrets = plan_edit(VCHConfig, edited, lambda c: setattr(c.connection, "target", "https://x"))
    assert secrets is None and planned.changed_keys == [TARGET_KEY]  # neither the key nor the token is touched
    assert current[TOKEN_KEY] == sealed


def test_a_damaged_key_refuses_a_secret_change_naming_the_damage_and_the_field():
    current = sealed_vm(vch(), Secrets.generate())
    current[SECRET_KEY_KEY] = "AAAA"
    with pytest.raises(SecretKeyUnavailable) as caught:
        plan_update(VCHConfig, encode_entries(vch("n3w")), current)
    message = str(caught.value)
    assert "damaged" in message and SECRET_KEY_KEY in message and "connection.token" in message
    assert "n3w" not in message


def test_a_damaged_key_is_replaced_when_rekeying_with_the_secrets_given():
    current = sealed_vm(vch(), Secrets.generate())
    current[SECRET_KEY_KEY] = "AAAA"
    _config, planned, secrets = plan_edit(VCHConfig, current, lambda c: setattr(c.connection, "token", "s3cret"),
                                          rekey=True)
    sent = dict(planned.changes)
    assert sent[SECRET_KEY_KEY] == secrets.key_value != "AAAA"
    secrets.seal_changes(planned)
    assert secrets.open(dict(planned.changes)[TOKEN_KEY]) == "s3cret"


# -- with_secrets and owner_of ------------------------------------------------------------------------------------

def test_with_secrets_no_secret_no_key():
    entries = encode_entries(containervm())
    out, secrets = with_secrets(entries, {})
    assert secrets is None
    assert [e.key for e in out] == [e.key for e in entries]


def test_with_secrets_keeps_the_vms_key():
    secrets = Secrets.generate()
    out, found = with_secrets(encode_entries(vch()), {SECRET_KEY_KEY: secrets.key_value})
    assert found.key == secrets.key
    assert [(e.key, e.value) for e in out if e.key == SECRET_KEY_KEY] == [(SECRET_KEY_KEY, secrets.key_value)]


def test_with_secrets_keeps_the_key_entry_when_no_secret_is_set():
    secrets = Secrets.generate()
    out, _found = with_secrets(encode_entries(vch(token="")), {SECRET_KEY_KEY: secrets.key_value})
    assert SECRET_KEY_KEY in [e.key for e in out]  # so the VM's key is not removed
    out, found = with_secrets(encode_entries(vch(token="")), {})
    assert found is None and SECRET_KEY_KEY not in [e.key for e in out]


def test_with_secrets_key_from_the_vmx_is_not_written_again():
    secrets = Secrets.generate()
    current = sealed_vm(vch(), secrets)
    del current[SECRET_KEY_KEY]
    asked = []

    def read_vmx(key):
        asked.append(key)
        return secrets.key_value

    out, found = with_secrets(encode_entries(vch()), current, read_vmx)
    assert asked == [SECRET_KEY_KEY]
    assert found.from_vmx and found.key == secrets.key
    assert SECRET_KEY_KEY not in [e.key for e in out]


def test_with_secrets_uses_the_secrets_given():
    given_secrets = Secrets.generate()
    out, found = with_secrets(encode_entries(vch()), {SECRET_KEY_KEY: Secrets.generate().key_value}, None,
                              given_secrets)
    assert found is given_secrets
    assert dict((e.key, e.value) for e in out)[SECRET_KEY_KEY] == given_secrets.key_value


def test_owner_of():
    owns = owner_of(ExecutorConfig)
    assert owns(SECRET_KEY_KEY)
    assert owns("guestinfo.vice./sessions|any/cmd/Path")
    assert owns(STARTED_KEY)
    assert owns("annotations|com.example/owner")
    assert not owns("tools.syncTime")
    assert not owns(TARGET_KEY)
    assert not owns("guestinfo.vice./sessions|any/cmd/NoSuchField")
    vch_owns = owner_of(VCHConfig)
    assert vch_owns(TARGET_KEY) and vch_owns(TOKEN_KEY) and vch_owns(SECRET_KEY_KEY)
    assert vch_owns("guestinfo.vice./init/sessions|port-layer/cmd/Path")
    assert not vch_owns("guestinfo.vice./sessions|any/cmd/Path")  # a containerVM's, not under init
    assert owner_of(ExecutorConfig) is owns


def test_the_real_vch_keys_vchconfig_does_not_own():
    owns = owner_of(VCHConfig)
    assert sorted(key for key in REAL_VCH if not owns(key)) == [
        "answer.msg.serial.file.open",  # VMware's
        # VIC 1.1 wrote runblock read-only as well; VCHConfig (VIC master) has it read-write only
        "guestinfo.vice./init/sessions|docker-personality/runblock",
        "guestinfo.vice./init/sessions|port-layer/runblock",
        "guestinfo.vice./init/sessions|vicadmin/runblock",
        "migrate.hostLogState", "numa.autosize.vcpu.maxPerVirtualNode", "vmotion.checkpointSVGAPrimarySize",
    ]


# -- plan_edit on VIC's real VCH ----------------------------------------------------------------------------------

def test_plan_edit_of_the_real_vch_changing_nothing_plans_nothing():
    config, planned, secrets = plan_edit(VCHConfig, dict(REAL_VCH), lambda config: None)
    assert not planned and secrets is None
    assert config.connection.target == "https://10.192.171.116"


def test_plan_edit_setting_the_same_value_plans_nothing():
    def edit(config):
        config.connection.target = "https://10.192.171.116"
        config.executor_config.sessions["port-layer"].restart = False

    _config, planned, _secrets = plan_edit(VCHConfig, dict(REAL_VCH), edit)
    assert not planned


def test_plan_edit_of_one_field_plans_only_its_key():
    def edit(config):
        config.connection.target = "https://vc.example.com"

    config, planned, _secrets = plan_edit(VCHConfig, dict(REAL_VCH), edit)
    assert planned.changes == [(TARGET_KEY, "https://vc.example.com")]
    assert [(i["field"], i["after"]) for i in describe_changes(VCHConfig, planned, REAL_VCH)] == [
        ("connection.target", "https://vc.example.com")]
    assert config.connection.target == "https://vc.example.com"


def test_plan_edit_removing_a_session_removes_its_keys_and_what_it_published():
    def edit(config):
        del config.executor_config.sessions["vicadmin"]

    _config, planned, _secrets = plan_edit(VCHConfig, dict(REAL_VCH), edit)
    owns = owner_of(VCHConfig)
    gone = sorted(key for key in REAL_VCH if "|vicadmin" in key and owns(key))
    assert set(gone) <= set(planned.removed)
    assert "guestinfo.vice..init.sessions|vicadmin.started" in gone  # published, retired with its session
    assert "guestinfo.vice./init/sessions|vicadmin/runblock" not in planned.changed_keys  # not VCHConfig's
    assert dict(planned.changes)["guestinfo.vice./init/sessions"] == "docker-personality|port-layer"
    assert [key for key in planned.changed_keys if "|vicadmin" not in key] == ["guestinfo.vice./init/sessions"]


def test_plan_edit_removes_only_keys_the_vm_has():
    def edit(config):
        del config.executor_config.sessions["vicadmin"]

    _config, planned, _secrets = plan_edit(VCHConfig, dict(REAL_VCH), edit)
    assert [key for key in planned.removed if key not in REAL_VCH] == []


def test_plan_edit_setting_a_secret_adds_a_key():
    def edit(config):
        config.connection.token = "t0ken"

    _config, planned, secrets = plan_edit(VCHConfig, dict(REAL_VCH), edit)
    assert dict(planned.changes) == {TOKEN_KEY: "t0ken", SECRET_KEY_KEY: secrets.key_value}


def test_plan_edit_compares_secrets_decrypted():
    secrets = Secrets.generate()
    current = sealed_vm(vch(), secrets)

    def same(config):
        assert config.connection.token == "s3cret"  # the edit sees plaintext
        config.connection.token = "s3cret"

    _config, planned, _found = plan_edit(VCHConfig, current, same)
    assert not planned
    _config, planned, found = plan_edit(VCHConfig, current, lambda c: setattr(c.connection, "token", "other"))
    assert planned.changes == [(TOKEN_KEY, "other")]
    assert found.key == secrets.key


def test_plan_edit_of_a_containervm_leaves_others_keys():
    current = encode(containervm())
    current.update({"tools.syncTime": "TRUE", STARTED_KEY: "true"})
    config, planned, _secrets = plan_edit(ExecutorConfig, current, lambda c: setattr(c, "hostname", "web-1"))
    assert planned.changes == [("guestinfo.vice./hostname", "web-1")]
    assert config.sessions["abc"].started == "true"


def test_plan_edit_with_a_prefix():
    current = encode(containervm(), prefix="x")
    assert decode(ExecutorConfig, current, "x").sessions["abc"].cmd.path == "/bin/sh"
    _config, planned, _secrets = plan_edit(ExecutorConfig, current, lambda c: None, prefix="x")
    assert not planned


# -- retry_on_conflict --------------------------------------------------------------------------------------------

@pytest.fixture
def sleeps(monkeypatch):
    slept = []
    monkeypatch.setattr(changes.time, "sleep", slept.append)
    return slept


def flaky(conflicts, result="done"):
    calls = []

    def run_once():
        calls.append(len(calls) + 1)
        if len(calls) <= conflicts:
            raise ConcurrentChange("updating vch-1: the VM changed since it was read")
        return result
    return run_once, calls


def test_retry_on_conflict_first_try(sleeps):
    run_once, calls = flaky(0)
    assert retry_on_conflict("updating vch-1", run_once) == "done"
    assert (calls, sleeps) == ([1], [])


def test_retry_on_conflict_then_success(sleeps):
    run_once, calls = flaky(3)
    assert retry_on_conflict("updating vch-1", run_once) == "done"
    assert calls == [1, 2, 3, 4]
    assert len(sleeps) == 3
    assert all(0 <= s <= vsphere_session.RETRY_MAX_SECONDS for s in sleeps)


def test_retry_on_conflict_succeeds_on_the_last_attempt(sleeps):
    run_once, calls = flaky(changes.CONFLICT_ATTEMPTS - 1)
    assert retry_on_conflict("updating vch-1", run_once) == "done"
    assert len(calls) == changes.CONFLICT_ATTEMPTS


@pytest.mark.parametrize("attempts", [1, 3, changes.CONFLICT_ATTEMPTS])
def test_retry_on_conflict_always(sleeps, attempts):
    run_once, calls = flaky(1000)
    kwargs = {"attempts": attempts} if attempts != changes.CONFLICT_ATTEMPTS else {}
    with pytest.raises(VSphereError) as caught:
        retry_on_conflict("updating vch-1", run_once, **kwargs)
    assert not isinstance(caught.value, ConcurrentChange)  # an outer retry does not start over
    assert str(caught.value) == ("updating vch-1: the VM kept changing while it was being written (%d attempts): "
                                 "another writer is busy with it; try again later" % attempts)
    assert len(calls) == attempts
    assert len(sleeps) == attempts - 1


def test_retry_on_conflict_other_errors_are_not_retried(sleeps):
    calls = []

    def run_once():
        calls.append(1)
        raise VSphereError("updating vch-1 failed: no permission")

    with pytest.raises(VSphereError, match="no permission"):
        retry_on_conflict("updating vch-1", run_once)
    assert (calls, sleeps) == ([1], [])


# -- Secrets ------------------------------------------------------------------------------------------------------

def test_generate_makes_a_fresh_32_byte_key():
    one, two = Secrets.generate(), Secrets.generate()
    assert len(one.key) == 32 and one.key != two.key
    assert base64.b64decode(one.key_value) == one.key
    assert Secrets.from_text(one.key_value).key == one.key
    assert not one.from_vmx


@pytest.mark.parametrize("text", [None, "", "not base64!", base64.b64encode(b"short").decode(),
                                  base64.b64encode(bytes(33)).decode(), "\u00e9t\u00e9"])
def test_from_text_of_no_key(text):
    assert Secrets.from_text(text) is None


@given(st.text(max_size=200))
def test_seal_open_round_trip(plaintext):
    secrets = Secrets.generate()
    sealed = secrets.seal(plaintext)
    assert secrets.open(sealed) == plaintext
    if plaintext:
        assert len(base64.b64decode(sealed)) == 24 + 16 + len(plaintext.encode("utf-8"))  # nonce, MAC, text


def test_seal_is_random_and_empty_stays_empty():
    secrets = Secrets.generate()
    assert secrets.seal("x") != secrets.seal("x")  # a fresh nonce each time
    assert secrets.seal("") == "" and secrets.open("") == ""


def test_open_with_another_key_is_none():
    assert Secrets.generate().open(Secrets.generate().seal("s3cret")) is None


def test_open_of_damage_is_none():
    secrets = Secrets.generate()
    raw = bytearray(base64.b64decode(secrets.seal("s3cret")))
    raw[-1] ^= 1
    assert secrets.open(base64.b64encode(bytes(raw)).decode()) is None
    assert secrets.open(secrets.seal("s3cret")[:-4]) is None
    assert secrets.open("not base64!") is None
    assert secrets.open("<nil>") is None


@given(st.text(min_size=1, max_size=100))
def test_open_of_anything_else_is_none(text):
    assert Secrets.generate().open(text) is None


def test_of_vm():
    secrets = Secrets.generate()
    assert Secrets.of_vm({SECRET_KEY_KEY: secrets.key_value}).key == secrets.key
    assert Secrets.of_vm({}) is None
    assert Secrets.of_vm({SECRET_KEY_KEY: "damaged"}) is None


def test_of_vm_reads_the_vmx_only_when_there_are_secret_values():
    secrets = Secrets.generate()
    asked = []

    def read_vmx(key):
        asked.append(key)
        return secrets.key_value

    assert Secrets.of_vm({TARGET_KEY: "https://vc", TOKEN_KEY: ""}, read_vmx) is None
    assert asked == []
    found = Secrets.of_vm({TOKEN_KEY: secrets.seal("x")}, read_vmx)
    assert asked == [SECRET_KEY_KEY]
    assert found.key == secrets.key and found.from_vmx
    assert Secrets.of_vm({TOKEN_KEY: secrets.seal("x")}, lambda key: None) is None


def test_open_map():
    secrets = Secrets.generate()
    opened = secrets.open_map({TOKEN_KEY: secrets.seal("s3cret"), "x|y@secret": "damaged", TARGET_KEY: "t",
                               SECRET_KEY_KEY: secrets.key_value})
    assert opened[TOKEN_KEY] == "s3cret"
    assert opened[TARGET_KEY] == "t" and opened[SECRET_KEY_KEY] == secrets.key_value
    assert opened["x|y@secret"] not in ("damaged", None, "")  # never equal to any value


def test_key_entry():
    secrets = Secrets.generate()
    entry = secrets.key_entry()
    assert (entry.key, entry.value) == (SECRET_KEY_KEY, secrets.key_value)


def test_seal_changes():
    secrets = Secrets.generate()
    other = "guestinfo.vice./registry/secret@secret"
    changeset = ChangeSet([(TARGET_KEY, "https://vc"), (TOKEN_KEY, "s3cret"), (other, "<nil>"), ("x|y@secret", "")],
                          ["x|y@secret"])
    assert secrets.seal_changes(changeset) is changeset
    sent = dict(changeset.changes)
    assert [key for key, _value in changeset.changes] == [TARGET_KEY, TOKEN_KEY, other, "x|y@secret"]
    assert sent[TARGET_KEY] == "https://vc"
    assert secrets.open(sent[TOKEN_KEY]) == "s3cret"
    assert sent[other] == "<nil>"  # an empty secret stays empty (and is sent as <nil>)
    assert sent["x|y@secret"] == ""  # a deletion stays a deletion
