#!/usr/bin/env python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Micro-benchmark of the codec: encode + decode of a realistic VCH configuration.

    .venv/bin/python bench/codec.py [--seconds 3] [--json]

The configuration is the real VCH of tests/fixtures/vic-real-vch.json, decoded with the VCH schema,
with its three sessions, four endpoint networks, three container networks, registries and volume stores.
Prints microseconds per round trip (encode, then decode of what was encoded) and keys per second.
This is a benchmark to read, not a timed test: nothing fails on a slow machine.
"""

import argparse
import json
import os
import platform
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # the repository root: tests.support
from tests.support.collection_path import REPO_ROOT, ensure_importable  # noqa: E402

ensure_importable()
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import decode, encode  # noqa: E402
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig  # noqa: E402


def realistic_config():
    with open(os.path.join(REPO_ROOT, "tests", "fixtures", "vic-real-vch.json")) as handle:
        return decode(VCHConfig, json.load(handle)["extraConfig"])


def measure(seconds):
    config = realistic_config()
    keys = len(encode(config))
    rounds, started = 0, time.perf_counter()
    samples = []
    while time.perf_counter() - started < seconds:
        begin = time.perf_counter()
        decode(VCHConfig, encode(config))
        samples.append(time.perf_counter() - begin)
        rounds += 1
    samples.sort()
    median = samples[len(samples) // 2]
    return {"keys": keys, "rounds": rounds, "us_per_roundtrip": round(median * 1e6, 1),
            "keys_per_s": int(keys / median), "python": platform.python_version(),
            "machine": "%s, %d cores" % (platform.machine(), os.cpu_count() or 0)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure (default 3)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = measure(args.seconds)
    if args.json:
        print(json.dumps(result))
    else:
        print("VCH config: %(keys)d keys; %(rounds)d round trips; median %(us_per_roundtrip).1f us per "
              "encode+decode; %(keys_per_s)d keys/s (Python %(python)s, %(machine)s)" % result)


if __name__ == "__main__":
    main()
