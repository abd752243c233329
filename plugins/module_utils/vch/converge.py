# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Setting the options given on an existing VCH, the way vic-machine configure did: only those options, only their
keys; an option fixed at creation may be given, and must then hold the VCH's value. vch_config and vch_deploy (on
a VCH that exists) both plan through here, so they never fight over a key."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError, decode, set_field
from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vch import pool, tls, vm_group
from ansible_collections.vic.vch.plugins.module_utils.vch.mapping import apply_options, fixed_option_differences
from ansible_collections.vic.vch.plugins.module_utils.vch.options import (
    ENDPOINT_ROLES, check_not_on_bridge, refuse_fixed, store_datastores)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import VCHConfig
from ansible_collections.vic.vch.plugins.module_utils.vsphere import placement as placement_lookup
from ansible_collections.vic.vch.plugins.module_utils.vsphere.files import vmx_reader
from ansible_collections.vic.vch.plugins.module_utils.vsphere.inventory import snapshot
from ansible_collections.vic.vch.plugins.module_utils.vsphere.objects import update_pool
from ansible_collections.vic.vch.plugins.module_utils.writer.changes import plan_edit


class PoolChange:
    """The VCH's resource pool settings to write (see vch.pool), and the drift items that tell them."""

    def __init__(self, pool_ref, settings, items):
        self.pool_ref = pool_ref
        self.settings = settings
        self.items = items

    def write(self, session, vm_name):
        update_pool(session, self.pool_ref, self.settings, "setting the resource pool of VCH %s" % vm_name)


def plan_given_options(session, vm, inv, opts, fields=None, secret_fields=None, merge=False, rekey=False):
    """(configuration after the edit, ChangeSet, Secrets, [changes outside the configuration: its resource pool,
    its DRS VM group]) setting exactly ``opts`` (parsed, given ones only) and the schema ``fields`` on the VCH
    ``vm`` (a VmRecord; ``inv`` a snapshot or None). Each outside change has ``items`` (drift) and ``write``.

    Refused before anything is planned, naming the option: an option fixed at creation whose value differs from
    the VCH's, a container network on the bridge's port group, a store on a datastore that does not exist.
    """
    current = vm.extra_config
    live = decode(VCHConfig, current)
    opts = dict(opts)
    if opts.get("tls") is not None:
        host = live.certificate.host_certificate
        settings = tls.for_existing(opts["tls"], host.cert if host is not None else b"")
        if settings is not None:
            opts["tls_settings"] = settings
    check_not_on_bridge(opts, live.network.bridge_network)
    named = [("container_networks[%d].port_group" % index, network["port_group"])
             for index, network in enumerate(opts.get("container_networks") or ())]
    named += [("%s_network.port_group" % role, opts[role + "_network"]["port_group"])
              for role in ENDPOINT_ROLES if opts.get(role + "_network")]
    port_group_ids = {}
    if named or store_datastores(opts) or pool.given(opts) or "affinity_vm_group" in opts:
        inv = inv or snapshot(session)
        datacenter = inv.datacenter_of(inv.by_moid[vm.moid])
        for option, store_name in store_datastores(opts):
            placement_lookup.datastore(inv, datacenter, store_name, field=option)
        found = placement_lookup.port_groups(inv, datacenter, named)
        port_group_ids = dict((name, obj.reference) for name, obj in found.items())
    refuse_fixed(fixed_option_differences(live, opts, port_group_ids, vm.hardware))
    pool_items, pool_settings = pool.plan(inv, vm, opts)
    outside = [PoolChange(inv.by_moid[vm.pool_moid].ref, pool_settings, pool_items)] if pool_items else []
    group_change = vm_group.plan(session, inv, vm, live, opts)
    outside += [group_change] if group_change is not None else []

    def edit(config):
        apply_options(config, opts, port_group_ids, merge=merge)
        for option, given in (("fields", fields or {}), ("secret_fields", secret_fields or {})):
            for path, value in given.items():
                try:
                    set_field(config, path, value)
                except ConfigError as exc:  # the codec never quotes a secret field's value
                    raise OptionError(option, str(exc)) from None

    return plan_edit(VCHConfig, current, edit, read_vmx=vmx_reader(session, vm.ref), rekey=rekey) + (outside,)
