# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every vector produced by VIC's real encoder, loaded data-driven."""

import dataclasses
import typing
from datetime import datetime

import pytest
from tests.support.vectors import build_value, load_fixture

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, encode, vic, vicstruct

VECTORS = load_fixture("vic-extraconfig.json")["vectors"]


def parse_type(text, classes):
    """The vectors' TYPE grammar -> a typing annotation."""
    text = text.strip()
    for name, wrap in (("list[", typing.List), ("optional[", typing.Optional)):
        if text.startswith(name):
            return wrap[parse_type(text[len(name):-1], classes)]
    if text.startswith("dict["):
        key, value = text[len("dict["):-1].split(",", 1)
        return typing.Dict[{"str": str, "int": int}[key.strip()], parse_type(value, classes)]
    scalars = {"str": str, "int": int, "bool": bool, "float": float, "bytes": bytes, "datetime": datetime}
    return scalars[text] if text in scalars else classes[text]


def build_classes(types):
    classes = {}
    for name, fields in types.items():  # dependencies come first
        specs = []
        for fld in fields:
            kwargs = {"scope": fld["scope"]} if "scope" in fld else {}
            if "recurse" in fld:
                kwargs["recurse"] = fld["recurse"]
            specs.append((fld["attr"], parse_type(fld["type"], classes), vic(fld["key"], **kwargs)))
        classes[name] = vicstruct(dataclasses.make_dataclass(name, specs))
    return classes


def vector_case(vector):
    classes = build_classes(vector["types"])
    root = classes[vector["root"]]
    return root, build_value(root, vector["value"])


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_encode_matches_vic(vector):
    _root, value = vector_case(vector)
    assert encode(value) == vector["expected"]


@pytest.mark.parametrize("vector", [v for v in VECTORS if v["roundtrip"]],
                         ids=[v["name"] for v in VECTORS if v["roundtrip"]])
def test_decode_round_trips(vector):
    root, value = vector_case(vector)
    assert decode(root, vector["expected"]) == value


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_reencode_is_stable(vector):
    """Even where VIC loses fields, decoding what it wrote and encoding again writes the same map."""
    root, _value = vector_case(vector)
    assert encode(decode(root, vector["expected"])) == vector["expected"]


def test_every_vector_is_loaded():
    assert len(VECTORS) >= 20
