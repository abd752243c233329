# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validated containerVM options -> VIC's executor configuration (ExecutorConfig), as VIC's port layer wrote it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import IPNet
from ansible_collections.vic.vch.plugins.module_utils.options import option_for
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import (
    Cmd, Common, ContainerNetwork, ExecutorConfig, ExecutorConfigCommon, NetworkEndpoint, SessionConfig)

# which option of containervm_config sets which field of the configuration (first match wins)
OPTION_FIELDS = (
    ("executor_config_common.id", "id"),
    ("executor_config_common.name", "name"),
    ("sessions[*].common.id", "id"),
    ("sessions[*].common.name", "name"),
    ("sessions[*].cmd.path", "command.path"),
    ("sessions[*].cmd.args", "command.args"),
    ("sessions[*].cmd.env", "command.env"),
    ("sessions[*].cmd.dir", "command.dir"),
    ("sessions[*].tty", "tty"),
    ("sessions[*].attach", "attach"),
    ("sessions[*].open_stdin", "open_stdin"),
    ("sessions[*].restart", "restart"),
    ("sessions[*].stop_signal", "stop_signal"),
    ("sessions[*].user", "user"),
    ("networks", "networks"),
    ("mounts", "mounts"),
    ("annotations", "annotations"),
    ("hostname", "container_hostname"),
    ("domainname", "domainname"),
)


def option_of(field):
    """The option of containervm_config that sets ``field`` of the configuration, or None."""
    return option_for(field, OPTION_FIELDS)


def build_executor_config(name, opts, params, network_ids):
    """The ExecutorConfig of a containerVM, as VIC's port layer wrote it."""
    cid, command = opts["id"], opts["command"]
    session = SessionConfig(
        common=Common(id=cid, name=name),
        cmd=Cmd(path=command["path"], args=[command["path"]] + list(command["args"]), env=list(command["env"]),
                dir=command["dir"]),
        tty=params["tty"], attach=params["attach"], open_stdin=params["open_stdin"], restart=params["restart"],
        active=True, stop_signal=params["stop_signal"], user=params["user"])
    networks = {}
    for index, net in enumerate(opts["networks"]):
        mask = net["ip"].mask if net["ip"] is not None else None
        networks[net["name"]] = NetworkEndpoint(
            common=Common(name=net["name"]), static=net["ip"] is not None, ip=net["ip"],
            network=ContainerNetwork(
                common=Common(id=network_ids[net["name"]], name=net["name"]), default=index == 0,
                gateway=IPNet(net["gateway"], mask) if net["gateway"] is not None else IPNet(),
                nameservers=list(net["nameservers"])))
    return ExecutorConfig(
        executor_config_common=ExecutorConfigCommon(id=cid, name=name), sessions={cid: session}, networks=networks,
        mounts=dict(opts["mounts"]), annotations=dict(params.get("annotations") or {}), hostname=opts["hostname"],
        domainname=params["domainname"])
