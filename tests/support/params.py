# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module parameters as Ansible hands them to a module, for unit tests that call the service layer directly."""

import copy


def with_defaults(spec, given):
    """``given`` as Ansible passes it to a module: every option of ``spec`` present, defaults filled in (also in
    the suboptions of dicts and of lists of dicts)."""
    unknown = set(given) - set(spec)
    assert not unknown, unknown
    out = {}
    for key, option in spec.items():
        value = given.get(key)
        if value is None:
            value = copy.deepcopy(option.get("default"))
        if value is not None and "options" in option:
            if option.get("type") == "list":
                value = [with_defaults(option["options"], item) for item in value]
            else:
                value = with_defaults(option["options"], value)
        out[key] = value
    return out
