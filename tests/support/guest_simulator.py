# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plays the guests that the vCenter simulator lacks: once a VCH appliance or a containerVM is powered on, it
publishes through the vSphere API what VIC's tether would publish from inside (start status, start time,
assigned addresses). For the demo and molecule; tests publish their own keys.

    python tests/support/guest_simulator.py [--seconds 900]

Connects with the VMWARE_* variables, to a loopback address only, and stops by itself after --seconds.
"""

import argparse
import base64
import ipaddress
import os
import ssl
import sys
import time

from pyVim.connect import Disconnect, SmartConnect
from pyVmomi import vim

VCH_SESSIONS = ("docker-personality", "port-layer", "vicadmin")


def _b64(address):
    return base64.b64encode(ipaddress.ip_address(address).packed).decode("ascii")


def vch_keys(config):
    """What a VCH appliance publishes: its sessions started, and its client address."""
    keys = dict(("guestinfo.vice..init.sessions|%s.started" % s, "true") for s in VCH_SESSIONS)
    static = config.get("guestinfo.vice./init/networks|client/ip/IP")
    keys["guestinfo.vice..init.networks|client.assigned.IP"] = static or _b64("10.10.0.5")
    return keys


def container_keys(config, index):
    """What a containerVM's tether publishes: its session started now, and a bridge address."""
    keys = {}
    for key in config:
        if key.startswith("guestinfo.vice./sessions|") and key.endswith("/cmd/Path"):
            session = key[len("guestinfo.vice./sessions|"):-len("/cmd/Path")]
            keys["guestinfo.vice..sessions|%s.started" % session] = "true"
            keys["guestinfo.vice..sessions|%s.detail.starttime" % session] = str(int(time.time()))
    keys["guestinfo.vice..networks|bridge.assigned.IP"] = _b64("172.16.0.%d" % (2 + index % 250))
    keys["guestinfo.vice..networks|bridge.assigned.Mask"] = _b64("255.255.0.0")
    return keys


def publish_once(content, published, delay=0.0, seen=None):
    """Publish for every powered-on VIC VM not yet published (``delay`` seconds after it was first seen powered
    on, ``seen`` keeping when); returns how many were published."""
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
    try:
        machines = list(view.view)
    finally:
        view.Destroy()
    count = 0
    for vm in machines:
        if vm._moId in published or vm.runtime.powerState != "poweredOn":
            continue
        if seen is not None and time.monotonic() - seen.setdefault(vm._moId, time.monotonic()) < delay:
            continue
        config = dict((o.key, str(o.value)) for o in vm.config.extraConfig)
        if any(k.startswith("guestinfo.vice./init/") for k in config):
            keys = vch_keys(config)
        elif any(k.startswith("guestinfo.vice./sessions|") for k in config):
            keys = container_keys(config, len(published))
        else:
            continue
        spec = vim.vm.ConfigSpec(extraConfig=[vim.option.OptionValue(key=k, value=v) for k, v in keys.items()])
        vm.ReconfigVM_Task(spec)
        published.add(vm._moId)
        count += 1
        print("guest simulator: %s published its status" % vm.name, flush=True)
    return count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=900, help="stop after this long (default 900)")
    parser.add_argument("--delay", type=float, default=0, help="publish this long after a VM powers on")
    args = parser.parse_args(argv)
    host = os.environ.get("VMWARE_HOST", "127.0.0.1")
    if not ipaddress.ip_address(host if host != "localhost" else "127.0.0.1").is_loopback:
        print("guest simulator: refusing %s: it only plays guests of a local simulator" % host, file=sys.stderr)
        return 2
    si = SmartConnect(host=host, port=int(os.environ.get("VMWARE_PORT", "443")),
                      user=os.environ["VMWARE_USER"], pwd=os.environ["VMWARE_PASSWORD"],
                      sslContext=ssl._create_unverified_context())
    try:
        content = si.RetrieveContent()
        published, seen = set(), {}
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            publish_once(content, published, args.delay, seen)
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        Disconnect(si)
    return 0


if __name__ == "__main__":
    sys.exit(main())
