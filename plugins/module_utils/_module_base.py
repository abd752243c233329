# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the connection options, the session around the work, errors to fail_json."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.vic.vch.plugins.module_utils._vsphere_session import (
    CONNECTION_ARGUMENT_SPEC, HAS_PYVMOMI, PYVMOMI_IMPORT_ERROR, Session, VSphereError)
from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError, GuestToolsError


def vsphere_module(argument_spec, connection_required=True, **kwargs):
    """An AnsibleModule with the connection options added (optional ones for a module that can also run in a
    guest, which checks them itself where it needs them).

    A connection alias that is also an option of the module (containervm_config's ``user``, the container's
    user) is left out: Ansible would otherwise copy that option's value into the connection option.
    """
    spec = {}
    for name, option in CONNECTION_ARGUMENT_SPEC.items():
        spec[name] = dict(option, required=connection_required and option.get("required", False))
        if "aliases" in option:
            spec[name]["aliases"] = [alias for alias in option["aliases"] if alias not in argument_spec]
    spec.update(argument_spec)
    return AnsibleModule(argument_spec=spec, **kwargs)


def run_with_session(module, work):
    """Log in, run ``work(session)`` -> result dict, log out; every known failure becomes fail_json."""
    if not HAS_PYVMOMI:
        module.fail_json(msg=missing_required_lib("pyvmomi"), exception=str(PYVMOMI_IMPORT_ERROR))
    try:
        with Session.from_params(module.params) as session:
            result = work(session)
    except (VSphereError, ConfigError) as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(**result)


def run_in_guest(module, work):
    """Run ``work()`` -> result dict inside the VM; VMware Tools and configuration failures become fail_json."""
    try:
        result = work()
    except (GuestToolsError, ConfigError) as exc:
        module.fail_json(msg=str(exc))
    module.exit_json(**result)
