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
from ansible.module_utils.common.arg_spec import ModuleArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values

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


class ModuleSpec:
    """What a module is apart from Ansible's wiring: its options (the connection's added), the checks Ansible makes
    between them, and its work -- ``work(session, params, check_mode, diff)`` -> result -- so that one description
    runs as a module (``run_module``) and, for a task on the controller, inside the action plugin
    (``run_on_controller``), with the same options, checks, results and masking."""

    def __init__(self, argument_spec, work, connection_required=True, **checks):
        self.argument_spec = full_argument_spec(argument_spec, connection_required)
        self.work = work
        self.checks = checks  # mutually_exclusive, required_one_of, required_if, ...


def full_argument_spec(argument_spec, connection_required=True):
    """The module's options with the connection options added (optional ones for a module that can also run in a
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
    return spec


def vsphere_module(argument_spec, connection_required=True, **kwargs):
    """An AnsibleModule with the connection options added."""
    return AnsibleModule(argument_spec=full_argument_spec(argument_spec, connection_required), **kwargs)


def failure(exc):
    """The result of a run that failed: the error's message, whether the run wrote something before it failed
    (``changed``, set by the run sequence), and its traceback (with its causes) for -vvv."""
    return {"failed": True, "msg": str(exc), "changed": bool(getattr(exc, "changed", False)),
            "exception": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))}


def fail(module, exc):
    module.fail_json(**failure(exc))


def check_connection(params):
    """What Ansible's checks cannot say of the connection options, before any call."""
    hostname = params.get("hostname") or ""
    if "://" in hostname or "/" in hostname:
        host = hostname.split("://", 1)[-1].split("/", 1)[0]
        raise ConfigError("hostname: %r is a URL; give the vCenter's host name only (%s), and its port in port"
                          % (hostname, host.rsplit(":", 1)[0] if host.count(":") == 1 else host))


def execute(params, work):
    """Log in, run ``work(session)`` -> result dict, log out; every known failure becomes a failed result."""
    if not HAS_PYVMOMI:
        return {"failed": True, "msg": missing_required_lib("pyvmomi"), "exception": str(PYVMOMI_IMPORT_ERROR)}
    try:
        check_connection(params)
        with Session.from_params(params) as session:
            return work(session)
    except (VSphereError, ConfigError) as exc:
        return failure(exc)


def finish(module, result):
    """exit_json, or fail_json for a failed result (a batch whose items failed keeps the others' results)."""
    for warning in result.pop("warnings", ()):
        module.warn(warning)
    if result.get("failed"):
        module.fail_json(**result)
    module.exit_json(**result)


def run_with_session(module, work):
    finish(module, execute(module.params, work))


def run_module(spec):
    """The module's main(): Ansible's checks, then the work in a vSphere session."""
    module = AnsibleModule(argument_spec=spec.argument_spec, supports_check_mode=True, **spec.checks)
    run_with_session(module, lambda session: spec.work(session, module.params, module.check_mode, module._diff))


def run_on_controller(spec, args, check_mode, diff):
    """The module's result, its work run in this process (the action plugin's, for a task on the controller):
    the options checked and completed as AnsibleModule does (defaults, aliases, environment fallbacks), and every
    value of a no_log option masked in the result, as AnsibleModule masks it."""
    validation = ModuleArgumentSpecValidator(spec.argument_spec, **spec.checks).validate(dict(args))
    params = validation.validated_parameters
    if validation.error_messages:
        result = {"failed": True, "msg": validation.errors.msg}
    else:
        result = execute(params, lambda session: spec.work(session, params, check_mode, diff))
    result.setdefault("invocation", {"module_args": params})
    preserved = dict((k, v) for k, v in result.items() if v is None or isinstance(v, bool))
    result = remove_values(result, validation._no_log_values)
    result.update(preserved)
    return result


def run_in_guest(module, work):
    """Run ``work()`` -> result dict inside the VM; VMware Tools and configuration failures become fail_json."""
    try:
        result = work()
    except (GuestToolsError, ConfigError) as exc:
        fail(module, exc)
    for warning in result.pop("warnings", ()):
        module.warn(warning)
    module.exit_json(**result)
