# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scalar values as Go's strconv, time and encoding/base64 write and read them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import math
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1

_INT_RE = re.compile(r"[+-]?[0-9]+")
_FLOAT_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_FLOAT_WORDS = {"inf": math.inf, "+inf": math.inf, "infinity": math.inf, "+infinity": math.inf,
                "-inf": -math.inf, "-infinity": -math.inf, "nan": math.nan, "+nan": math.nan, "-nan": math.nan}
_TRUE = frozenset(("1", "t", "T", "TRUE", "true", "True"))
_FALSE = frozenset(("0", "f", "F", "FALSE", "false", "False"))
_TIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2})(\d{2}) (\S+)"
    r"(?: m=[+-]\d+\.\d+)?", re.ASCII)
_AUTO_TZ_NAME = re.compile(r"UTC[+-][0-9]{2}:[0-9]{2}")

GO_ZERO_TIME = datetime(1, 1, 1, tzinfo=timezone.utc)


class GoTime(datetime):
    """A datetime that keeps Go's nanoseconds (Python stops at microseconds).

    Decoding returns one only when the stored time has sub-microsecond digits,
    so that re-encoding writes exactly what was read.
    """

    nanosecond = 0  # the whole fraction of the second, 0..999999999

    @classmethod
    def from_datetime(cls, value, nanosecond):
        out = cls(value.year, value.month, value.day, value.hour, value.minute, value.second,
                  nanosecond // 1000, tzinfo=value.tzinfo)
        out.nanosecond = nanosecond
        return out


def format_int(value):
    return "%d" % value


def parse_int(text):
    if not _INT_RE.fullmatch(text):
        raise ValueError("not a decimal integer")
    value = int(text, 10)
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError("out of the int64 range")
    return value


def format_bool(value):
    return "true" if value else "false"


def parse_bool(text):
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("not a boolean")


def format_float(value):
    """Go's strconv.FormatFloat(v, 'E', -1, 64): shortest digits, 'E', signed 2+ digit exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0E+00"
    # repr() gives the shortest digits that round-trip, as Go's -1 precision does
    parsed = Decimal(repr(abs(value))).as_tuple()
    all_digits = "".join(str(d) for d in parsed.digits)
    digits = all_digits.lstrip("0")
    exponent = parsed.exponent + len(all_digits) - 1 - (len(all_digits) - len(digits))
    digits = digits.rstrip("0")
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return "%s%sE%s%02d" % (sign, mantissa, "-" if exponent < 0 else "+", abs(exponent))


def parse_float(text):
    word = _FLOAT_WORDS.get(text.lower())
    if word is not None:
        return word
    if not _FLOAT_RE.fullmatch(text):
        raise ValueError("not a number")
    value = float(text)
    if math.isinf(value):
        raise ValueError("out of the float64 range")
    return value


def _zone_name(value):
    name = value.tzname()
    if name and not _AUTO_TZ_NAME.match(name):
        return name
    return None


def format_time(value):
    """Go's Time.String(): '2006-01-02 15:04:05.999999999 -0700 MST', trailing zeros dropped.

    A naive datetime is taken as UTC (Go has no naive times).
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    nanos = getattr(value, "nanosecond", None)
    if nanos is None or nanos // 1000 != value.microsecond:
        nanos = value.microsecond * 1000
    offset = value.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    numeric = "%s%02d%02d" % (sign, abs(minutes) // 60, abs(minutes) % 60)
    name = _zone_name(value) or numeric
    text = "%04d-%02d-%02d %02d:%02d:%02d" % (
        value.year, value.month, value.day, value.hour, value.minute, value.second)
    if nanos:
        text += ("." + "%09d" % nanos).rstrip("0")
    return "%s %s %s" % (text, numeric, name)


def parse_time(text):
    match = _TIME_RE.fullmatch(text)
    if not match:
        raise ValueError("not a Go time ('2006-01-02 15:04:05.999999999 -0700 MST')")
    year, month, day, hour, minute, second, frac, sign, off_h, off_m, name = match.groups()
    nanos = int((frac or "").ljust(9, "0")) if frac else 0
    offset = timedelta(hours=int(off_h), minutes=int(off_m))
    if sign == "-":
        offset = -offset
    # the zone keeps the name Go wrote -- a word (CEST) or, for a zone the tz database names by its offset, a
    # number (+05, -03, +0530): written back, it must read the same, or VIC's parser takes it as zero time
    tz = timezone.utc if offset == timedelta(0) and name == "UTC" else timezone(offset, name)
    value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second),
                     nanos // 1000, tzinfo=tz)
    if nanos % 1000:
        return GoTime.from_datetime(value, nanos)
    return value


def format_bytes(value):
    return base64.b64encode(bytes(value)).decode("ascii")


def parse_bytes(text):
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ValueError("not standard padded base64") from None
