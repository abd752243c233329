# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The VCH's resource pool settings, vic-machine's --cpu, --cpu-reservation, --cpu-shares, --memory, ...: set at
creation, converged like the other options (only those given), reported as drift in the same items.

They live on the pool, not in the VCH's configuration (vic-machine keeps only its command line there): the live
values are the pool's, read in the run's one inventory retrieval, and a change is one UpdateConfig of the pool.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vch.options import POOL_OPTIONS
from ansible_collections.vic.vch.plugins.module_utils.vsphere.specs import POOL_DEFAULTS as DEFAULTS, pool_settings

SETTINGS = ("limit", "reservation", "shares")
UNITS = {"cpu": "MHz", "memory": "MB"}


def given(opts):
    """Whether ``opts`` set anything of the pool."""
    return any(option in opts for names in POOL_OPTIONS.values() for option in names)


def settings_of(opts, base=None):
    """The pool settings ``opts`` ask for, over ``base`` (the pool's live settings; the defaults at creation):
    {"cpu"|"memory": {"limit", "reservation", "shares"}}. A limit of 0 is no limit (-1), as vic-machine takes it."""
    out = {}
    for resource, names in POOL_OPTIONS.items():
        settings = dict(DEFAULTS)
        settings.update((base or {}).get(resource) or {})
        for setting, option in zip(SETTINGS, names):
            if option in opts:
                value = opts[option]
                settings[setting] = -1 if setting == "limit" and value == 0 else value
        out[resource] = settings
    return out


def create_options(opts):
    """vic-machine's flags for the pool options given, as create records them in vic_machine_create_options:
    --cpu=2000, --memory-shares=high, --cpu-shares=3000."""
    flags = []
    for names in POOL_OPTIONS.values():
        for option in names:
            if option in opts:
                value = opts[option]
                if isinstance(value, tuple):  # shares: the level, or the number for custom shares
                    value = value[1] if value[0] == "custom" else value[0]
                flags.append("--%s=%s" % (option.replace("_", "-"), value))
    return flags


def plan(inv, vm, opts):
    """(drift items, settings to write or None) taking the pool of the VCH ``vm`` to the pool options in ``opts``.

    OptionError naming the first option given when the VCH runs in a cluster's or host's own pool (no pool of its
    own: vic-machine, without DRS, ignores these settings; a user's cluster is not ours to limit)."""
    if not given(opts):
        return [], None
    pool = inv.by_moid.get(vm.pool_moid) if inv is not None else None
    parent = inv.parent(pool) if pool is not None else None
    option = next(name for names in POOL_OPTIONS.values() for name in names if name in opts)
    if pool is None or pool.kind not in ("ResourcePool", "VirtualApp") or parent is None or parent.kind not in (
            "ResourcePool", "VirtualApp"):
        raise OptionError(option, "VCH %s runs in its cluster's or host's own resource pool, not one of its own: "
                                  "its settings are not the VCH's to change" % vm.name)
    live = pool_settings(pool.props.get("config.cpuAllocation"), pool.props.get("config.memoryAllocation"))
    wanted = settings_of(opts, live)
    items = []
    for resource, names in POOL_OPTIONS.items():
        for setting, option in zip(SETTINGS, names):
            before = (live.get(resource) or DEFAULTS)[setting]
            after = wanted[resource][setting]
            if option in opts and before != after:
                items.append({"field": "resource_pool.%s.%s" % (resource, setting), "option": option,
                              "before": shown(resource, setting, before), "after": shown(resource, setting, after),
                              "raw": []})
    return items, (wanted if items else None)


def shown(resource, setting, value):
    """A setting as people write it: a limit of -1 is "unlimited", shares are their level or their number."""
    if setting == "shares":
        level, shares = value
        return shares if level == "custom" else level
    if setting == "limit" and value == -1:
        return "unlimited"
    return "%d %s" % (value, UNITS[resource])
