# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vectors produced by VIC's real encoder (tests/fixtures), and their JSON values as Python objects."""

import base64
import dataclasses
import json
import os
import typing
from datetime import datetime

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures")


def load_fixture(name):
    with open(os.path.join(FIXTURES, name)) as handle:
        return json.load(handle)


def build_value(annotation, data):
    """JSON of a vector value -> an instance of ``annotation`` (fields left out keep their zero value)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union:
        return None if data is None else build_value(args[0], data)
    if origin is list:
        return [build_value(args[0], item) for item in data]
    if origin is dict:
        return {args[0](key): build_value(args[1], item) for key, item in data.items()}
    if annotation is bytes:
        return base64.b64decode(data["b64"])
    if annotation is datetime:
        return datetime.fromisoformat(data)
    if dataclasses.is_dataclass(annotation):
        hints = typing.get_type_hints(annotation)
        return annotation(**{name: build_value(hints[name], item) for name, item in data.items()})
    if annotation is float:
        return float(data)
    return data
