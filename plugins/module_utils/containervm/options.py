# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""containervm_config's options: the argument spec, and their validation before any vSphere call (errors name the
option)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re

from ansible_collections.vic.vch.plugins.module_utils.options import (
    OptionError, check_name, parse_cidr, parse_ip, parse_url)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema import MountSpec

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# vSphere accepts static MACs only in VMware's manual range
_MAC_RE = re.compile(r"00:50:56:[0-3][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}", re.IGNORECASE)
_ENV_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=.*", re.DOTALL)

CONTAINERVM_ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    vch=dict(type="str"),
    datacenter=dict(type="str"),
    id=dict(type="str"),
    command=dict(type="dict", options=dict(
        path=dict(type="str", required=True),
        args=dict(type="list", elements="str", default=[]),
        env=dict(type="list", elements="str", default=[]),
        dir=dict(type="str", default=""),
    )),
    networks=dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True),
        mac=dict(type="str"),
        ip=dict(type="str", default="dhcp"),
        gateway=dict(type="str"),
        nameservers=dict(type="list", elements="str", default=[]),
    )),
    mounts=dict(type="list", elements="dict", options=dict(
        source=dict(type="str", required=True),
        dest=dict(type="str", required=True),
        mode=dict(type="str", default="rw", choices=["ro", "rw"]),
        name=dict(type="str"),
    )),
    annotations=dict(type="dict", default={}),
    container_hostname=dict(type="str"),  # "hostname" is the vCenter to connect to
    domainname=dict(type="str", default=""),
    tty=dict(type="bool", default=False),
    attach=dict(type="bool", default=False),
    open_stdin=dict(type="bool", default=False),
    restart=dict(type="bool", default=False),
    stop_signal=dict(type="str", default="SIGTERM"),
    user=dict(type="str", default=""),
    cpus=dict(type="int", default=1),
    memory_mb=dict(type="int", default=512),
    datastore=dict(type="str"),
    power_on=dict(type="bool", default=True),
    wait=dict(type="str", default="none", choices=["none", "started", "exited"]),
    timeout=dict(type="int", default=300),
    keep_on_failure=dict(type="bool", default=False),
)


def container_id(vch, name):
    """A stable 64-hex id for a containerVM that was given none (the same on every run)."""
    return hashlib.sha256(("%s/%s" % (vch, name)).encode("utf-8")).hexdigest()


def validate(params):
    """The containerVM options checked and parsed, before any vSphere call; OptionError names the option."""
    name = check_name("name", params["name"])
    if params["state"] == "absent":
        return name, None
    if not params.get("vch"):
        raise OptionError("vch", "is required with state=present (the VCH the containerVM belongs to)")
    command = params.get("command")
    if not command:
        raise OptionError("command", "is required with state=present")
    if not command["path"].startswith("/"):
        raise OptionError("command.path", "%r must be an absolute path" % command["path"])
    for index, item in enumerate(command["env"]):
        if not _ENV_RE.fullmatch(item):
            raise OptionError("command.env[%d]" % index, "%r is not NAME=value" % item)
    cid = params.get("id") or container_id(params["vch"], name)
    if not _ID_RE.fullmatch(cid):
        raise OptionError("id", "%r is not a container id (letters, digits, '_', '.', '-'; at most 64)" % cid)
    networks = []
    for index, net in enumerate(params.get("networks") or [{"name": "bridge", "ip": "dhcp"}]):
        field = "networks[%d]" % index
        if net.get("mac") and not _MAC_RE.fullmatch(net["mac"]):
            raise OptionError(field + ".mac", "%r is not a static VMware MAC (00:50:56:00:00:00 to "
                                              "00:50:56:3f:ff:ff)" % net["mac"])
        ip = None if (net.get("ip") or "dhcp") == "dhcp" else parse_cidr(field + ".ip", net["ip"])
        gateway = parse_ip(field + ".gateway", net["gateway"]) if net.get("gateway") else None
        if gateway is not None and ip is None:
            raise OptionError(field + ".gateway", "needs a static ip (DHCP brings its own gateway)")
        if net["name"] in [n["name"] for n in networks]:
            raise OptionError(field + ".name", "%r is given twice" % net["name"])
        networks.append({"name": net["name"], "mac": (net.get("mac") or "").lower(), "ip": ip, "gateway": gateway,
                         "nameservers": [parse_ip("%s.nameservers[%d]" % (field, i), s)
                                         for i, s in enumerate(net.get("nameservers") or [])]})
    mounts = {}
    for index, mount in enumerate(params.get("mounts") or []):
        field = "mounts[%d]" % index
        source = parse_url(field + ".source", mount["source"], ("ds", "nfs"))
        if not mount["dest"].startswith("/"):
            raise OptionError(field + ".dest", "%r must be an absolute path" % mount["dest"])
        key = mount.get("name") or source.path.rstrip("/").rsplit("/", 1)[-1] or source.host
        if not _ID_RE.fullmatch(key) or key in mounts:
            raise OptionError(field + ".name", "%r is not a unique mount name" % key)
        mounts[key] = MountSpec(source=source, path=mount["dest"], mode=mount["mode"])
    for key, value in (params.get("annotations") or {}).items():
        if "|" in key or "@" in key or not isinstance(value, str):
            raise OptionError("annotations", "%r: keys without '|' or '@', string values" % key)
    for option, low, high in (("cpus", 1, 128), ("memory_mb", 64, 1 << 20)):
        if not low <= params[option] <= high:
            raise OptionError(option, "%s is out of range %d..%d" % (params[option], low, high))
    hostname = params.get("container_hostname") or cid[:12]
    return name, {"id": cid, "command": command, "networks": networks, "mounts": mounts, "hostname": hostname}
