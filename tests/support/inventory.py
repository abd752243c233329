# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Independent look-ups and out-of-band changes in a simulator, straight through pyvmomi (not the collection's
code), so that tests check the collection against what vSphere really holds."""

import contextlib

from pyVim.connect import Disconnect
from pyVmomi import vim


@contextlib.contextmanager
def connected(vc):
    si = vc.connect()
    try:
        yield si
    finally:
        Disconnect(si)


def find(si, kind, name):
    """All managed objects of ``kind`` (a vim type) named ``name``."""
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [kind], True)
    try:
        return [obj for obj in view.view if obj.name == name]
    finally:
        view.Destroy()


def vm(si, name):
    found = find(si, vim.VirtualMachine, name)
    return found[0] if found else None


def extra_config(vc, name):
    """{key: value} of a VM's extraConfig as vSphere holds it (raw, <nil> included)."""
    with connected(vc) as si:
        machine = vm(si, name)
        return dict((o.key, str(o.value)) for o in machine.config.extraConfig)


def set_extra_config(vc, name, values):
    """Change keys out of band (or, for a guest's run-time keys, as the guest would publish them)."""
    with connected(vc) as si:
        machine = vm(si, name)
        spec = vim.vm.ConfigSpec(extraConfig=[vim.option.OptionValue(key=k, value=v) for k, v in values.items()])
        task = machine.ReconfigVM_Task(spec)
        while task.info.state not in ("success", "error"):
            pass
        assert task.info.state == "success", task.info.error


def exists(vc, kind, name):
    with connected(vc) as si:
        return bool(find(si, kind, name))


def names(vc, kind):
    """The names of every managed object of ``kind`` (a vim type)."""
    with connected(vc) as si:
        content = si.RetrieveContent()
        view = content.viewManager.CreateContainerView(content.rootFolder, [kind], True)
        try:
            return [obj.name for obj in view.view]
        finally:
            view.Destroy()


def power_state(vc, name):
    with connected(vc) as si:
        return str(vm(si, name).runtime.powerState)
