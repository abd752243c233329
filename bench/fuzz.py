#!/usr/bin/env python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The long fuzz of the decoder: random and mutated extraConfig maps, decoded with VIC's VCH and containerVM
schemas (strict and lenient), must never raise anything but ConfigError.

    .venv/bin/python bench/fuzz.py [--cases 100000]

The test suite runs the same property with a short budget (tests/unit/plugins/module_utils/test_properties.py);
this runs it long. Prints the number of cases, how many decoded, how many were refused with ConfigError, and the
time; exits 1 (with the failing map) on any other exception.
"""

import argparse
import json
import os
import sys
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # the repository root: tests.support
from tests.support.collection_path import REPO_ROOT, ensure_importable  # noqa: E402

ensure_importable()
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError, decode  # noqa: E402
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import ExecutorConfig, VCHConfig  # noqa: E402

with open(os.path.join(REPO_ROOT, "tests", "fixtures", "vic-real-vch.json")) as handle:
    REAL_VCH = json.load(handle)["extraConfig"]
with open(os.path.join(REPO_ROOT, "tests", "fixtures", "vic-extraconfig.json")) as handle:
    REAL_CONTAINER = json.load(handle)["vectors"][-1]["expected"]

# values that stress the parsers: numbers at and past the edges, bad base64, Go times, separators, unicode
NASTY = st.sampled_from(["", "0", "-1", "9223372036854775808", "1e400", "nan", "true", "yes", "AAAA", "AA=",
                         "|", "||", "a|b", "@", "~", "<nil>", "2009-11-10 23:00:00 +0000 UTC",
                         "2009-13-10 23:00:00 +0000 UTC", "65535", "65537", "\x00", "\u00e9", "\ud800"])
VALUES = st.one_of(NASTY, st.text(max_size=12), st.integers().map(str))


@st.composite
def damaged(draw, base):
    keys = sorted(base)
    out = dict(base)
    for key in draw(st.lists(st.sampled_from(keys), max_size=8)):
        out.pop(key, None)
    for key in draw(st.lists(st.sampled_from(keys), max_size=8)):
        out[key] = draw(VALUES)
    for key in draw(st.lists(st.sampled_from(keys), max_size=3)):  # junk under real prefixes
        out[key + draw(st.sampled_from(["|0", "|x", "~", "/extra", ".extra", "@secret"]))] = draw(VALUES)
    return out


MAPS = st.one_of(damaged(REAL_VCH), damaged(REAL_CONTAINER),
                 st.dictionaries(st.one_of(st.sampled_from(sorted(REAL_VCH)), st.text(max_size=20)), VALUES,
                                 max_size=30))

STATS = {"cases": 0, "decoded": 0, "refused": 0}


def check(source):
    for schema in (VCHConfig, ExecutorConfig):
        for lenient in (False, True):
            STATS["cases"] += 1
            try:
                decode(schema, source, lenient=lenient)
                STATS["decoded"] += 1
            except ConfigError:
                STATS["refused"] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100000, help="maps to generate (each decoded 4 ways)")
    args = parser.parse_args()

    @settings(max_examples=args.cases, database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(MAPS)
    def fuzz(source):
        check(source)

    started = time.perf_counter()
    fuzz()
    elapsed = time.perf_counter() - started
    print(json.dumps(dict(STATS, maps=args.cases, seconds=round(elapsed, 1))))


if __name__ == "__main__":
    main()
