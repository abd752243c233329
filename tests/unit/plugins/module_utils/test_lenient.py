# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading what VIC wrote, never stricter than VIC: lenient decoding reads as VIC's decoder reads (zero values,
absent map entries left out, the zero time for a time it cannot parse) and says, by key, what it let pass;
strict decoding refuses the same input. And VIC's recurse properties skip-encode / skip-decode."""

import datetime
import typing

import pytest

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    ConfigError, decode, encode, vic, vicstruct)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig._values import GO_ZERO_TIME


@vicstruct
class Entry:
    name: str = vic("name", scope="read-only")


@vicstruct
class Holder:
    labels: typing.Dict[str, str] = vic("labels", scope="read-only")
    entries: typing.Dict[str, typing.Optional[Entry]] = vic("entries", scope="read-only")
    structs: typing.Dict[str, Entry] = vic("structs", scope="read-only")
    count: int = vic("count", scope="read-only")
    when: datetime.datetime = vic("when", scope="read-only")
    args: typing.List[str] = vic("args", scope="read-only")


def written(**values):
    return encode(Holder(**values))


def read(keys):
    warnings = []
    return decode(Holder, keys, lenient=True, warnings=warnings), warnings


def test_a_listed_map_entry_that_is_absent_is_left_out_as_vic_does():
    """As VIC's decoder reads it (tests/fixtures/vic-go-vectors.json: map-*-missing-entry)."""
    keys = written(labels={"a": "1", "b": "2"}, entries={"x": Entry("x"), "y": Entry("y")},
                   structs={"x": Entry("x"), "y": Entry("y")})
    for key in ("guestinfo.vice./labels|b", "guestinfo.vice./entries|y/name", "guestinfo.vice./structs|y/name"):
        del keys[key]
    with pytest.raises(ConfigError, match="labels.*'b' is listed but its entry"):
        decode(Holder, keys)
    holder, warnings = read(keys)
    assert holder.labels == {"a": "1"} and holder.structs == {"x": Entry("x")}
    assert holder.entries == {"x": Entry("x"), "y": None}  # a pointer with nothing under it: nil, as VIC reads it
    assert warnings == ["guestinfo.vice./labels|b: listed in guestinfo.vice./labels but missing, left out as VIC "
                        "leaves it out",
                        "guestinfo.vice./structs|y: listed in guestinfo.vice./structs but missing, left out as VIC "
                        "leaves it out"]


def test_bad_scalars_read_as_vics_zero_values_with_a_warning():
    keys = written(count=3, when=datetime.datetime(2022, 9, 18, tzinfo=datetime.timezone.utc))
    keys["guestinfo.vice./count"] = "three"
    keys["guestinfo.vice./when"] = "yesterday"
    with pytest.raises(ConfigError, match="count: bad int value 'three'"):
        decode(Holder, keys)
    holder, warnings = read(keys)
    assert holder.count == 0 and holder.when == GO_ZERO_TIME
    assert warnings[0].startswith("guestinfo.vice./count: bad int value 'three'")
    assert warnings[1].startswith("guestinfo.vice./when: bad time value 'yesterday'")
    assert all("its zero value" in w for w in warnings)


def test_a_pipe_inside_a_list_item_as_docker_run_sh_c_writes_it():
    keys = written(args=["sh", "-c", "ls | wc -l"])
    assert keys["guestinfo.vice./args~"] == "sh|-c|ls | wc -l" and keys["guestinfo.vice./args"] == "2"
    with pytest.raises(ConfigError, match="length key says 3 items"):
        decode(Holder, keys)
    holder, warnings = read(keys)
    assert holder.args == ["sh", "-c", "ls | wc -l"]
    assert warnings == ["guestinfo.vice./args~: 3 items were written but the text holds 4 '|'-separated pieces "
                        "(VIC does not escape '|' inside an item), read as ['sh', '-c', 'ls | wc -l']"]


def test_too_few_pieces_are_padded():
    keys = written(args=["a", "b"])
    keys["guestinfo.vice./args"] = "3"
    holder, warnings = read(keys)
    assert holder.args == ["a", "b", "", ""] and len(warnings) == 1


def test_what_reads_cleanly_warns_of_nothing():
    keys = written(labels={"a": "1"}, entries={"x": Entry("x")}, count=2, args=["x"])
    holder, warnings = read(keys)
    assert warnings == [] and holder == decode(Holder, keys)


# -- skip-encode / skip-decode -----------------------------------------------------------------------------

@vicstruct
class Inner:
    a: str = vic("a", scope="read-only")


@vicstruct
class Tether:
    plain: str = vic("plain", scope="read-only")
    guest_only: str = vic("started", scope="read-write", recurse="skip-encode")
    never_read: str = vic("status", scope="read-write", recurse="skip-decode")
    inner_unwritten: Inner = vic("inner_unwritten", scope="read-only", recurse="skip-encode")
    inner_unread: Inner = vic("inner_unread", scope="read-only", recurse="depth=2,skip-decode")


def test_skip_encode_fields_are_not_written_and_skip_decode_fields_not_read():
    value = Tether(plain="p", guest_only="true", never_read="137", inner_unwritten=Inner("u"),
                   inner_unread=Inner("r"))
    keys = encode(value)
    assert keys == {"guestinfo.vice./plain": "p", "guestinfo.vice..status": "137",
                    "guestinfo.vice./inner_unread/a": "r"}
    given = dict(keys, **{"guestinfo.vice..started": "true", "guestinfo.vice./inner_unwritten/a": "u"})
    back = decode(Tether, given)
    assert back == Tether(plain="p", guest_only="true", inner_unwritten=Inner("u"))
