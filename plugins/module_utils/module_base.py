# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the connection options, the session around the work, errors to fail_json.

The only module_utils file that imports Ansible: everything below it (the resources, the writer, the vSphere
layer, the codec) raises plain exceptions, and this turns them into results. A failure keeps its cause: its
traceback, causes chained, goes to Ansible, which shows it at -vvv (ansible-core 2.16-2.18) or with
ANSIBLE_DISPLAY_TRACEBACK=error (2.19 and later); values given as no_log options are masked there like everywhere
else. It is passed as text, not as the exception: Ansible would otherwise add the causes' messages to ``msg``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import ConfigError, GuestToolsError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import (
    HAS_PYVMOMI, PYVMOMI_IMPORT_ERROR, Session, VSphereError)

# the same options and environment fallbacks as vmware.vmware, so inventories and module_defaults carry over
CONNECTION_ARGUMENT_SPEC = dict(
    hostname=dict(type="str", required=True, fallback=(env_fallback, ["VMWARE_HOST"])),
    username=dict(type="str", required=True, aliases=["user", "admin"], fallback=(env_fallback, ["VMWARE_USER"])),
    password=dict(type="str", required=True, aliases=["pass", "pwd"], no_log=True,
                  fallback=(env_fallback, ["VMWARE_PASSWORD"])),
    port=dict(type="int", default=443, fallback=(env_fallback, ["VMWARE_PORT"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["VMWARE_VALIDATE_CERTS"])),
)


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


def fail(module, exc):
    """fail_json with the error's message, whether the run wrote something before it failed (``changed``, set by
    the run sequence), and its traceback (with its causes) for -vvv."""
    module.fail_json(msg=str(exc), changed=bool(getattr(exc, "changed", False)),
                     exception="".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))


def check_connection(params):
    """What Ansible's checks cannot say of the connection options, before any call."""
    hostname = params.get("hostname") or ""
    if "://" in hostname or "/" in hostname:
        host = hostname.split("://", 1)[-1].split("/", 1)[0]
        raise ConfigError("hostname: %r is a URL; give the vCenter's host name only (%s), and its port in port"
                          % (hostname, host.rsplit(":", 1)[0] if host.count(":") == 1 else host))


def run_with_session(module, work):
    """Log in, run ``work(session)`` -> result dict, log out; every known failure becomes fail_json."""
    if not HAS_PYVMOMI:
        module.fail_json(msg=missing_required_lib("pyvmomi"), exception=str(PYVMOMI_IMPORT_ERROR))
    try:
        check_connection(module.params)
    except ConfigError as exc:
        fail(module, exc)
    try:
        with Session.from_params(module.params) as session:
            result = work(session)
    except (VSphereError, ConfigError) as exc:
        fail(module, exc)
    for warning in result.pop("warnings", ()):
        module.warn(warning)
    if result.get("failed"):  # a batch with items that failed: its result, the others' included, as a failure
        module.fail_json(**result)
    module.exit_json(**result)


def run_in_guest(module, work):
    """Run ``work()`` -> result dict inside the VM; VMware Tools and configuration failures become fail_json."""
    try:
        result = work()
    except (GuestToolsError, ConfigError) as exc:
        fail(module, exc)
    for warning in result.pop("warnings", ()):
        module.warn(warning)
    module.exit_json(**result)
