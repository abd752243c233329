#!/usr/bin/env python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vic.vch side by side with vmware.vmware and community.vmware, on the same vCenter simulator.

    bench/run [--quick] [--out FILE] [--b3-vms M]   (bench/run makes .cache/bench-venv and runs this in it)

B1 no-op drift check of one VCH: vic.vch.vch_config against vmware.vmware.vm_advanced_settings given all the
   VCH's guestinfo.vice.* keys; runs alternate (ours, theirs, ours --check, theirs --check), medians.
B2 fleet inspection over N containerVMs: vic.vch.guestinfo_read with names (one task) against a loop of
   vmware.vmware.guest_info and community.vmware.vmware_guest_info, one task run per VM.
B3 drift correction at scale: the vic.vch.drift playbook over 1 VCH + M containerVMs, 10% drifted out of band;
   the SOAP trace must show one ReconfigVM_Task per drifted VM and none for the rest; then in check mode. Its
   peer: a loop of vmware.vmware.vm_advanced_settings over the same VMs, each given its encoded keys, after the
   same VMs drifted again.
B4 the codec: encode + decode of a real VCH configuration (bench/codec.py).

Times are medians, in seconds, of the task's duration measured by bench/callback_plugins/bench_timer.py (task
start to the host's result, so without ansible-playbook's own start-up); the wall time of the whole
ansible-playbook process is reported next to it. SOAP requests come from vcsim's trace (tests/support/vcsim.py).
Everything runs on 127.0.0.1; the simulators and every ansible-playbook started are stopped at the end, on
failure and on Ctrl-C. A benchmark to read, not a timed test: only broken budgets (B1) and wrong reconfigure
counts (B3) make the exit status non-zero.
"""

import argparse
import collections
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # the repository root: tests.support
import codec  # noqa: E402  (bench/codec.py; makes the collection importable)
from tests.support.collection_path import REPO_ROOT, collections_root  # noqa: E402
from tests.support.inventory import connected, extra_config, set_extra_config, vm  # noqa: E402
from tests.support.iso import appliance_iso_file  # noqa: E402
from tests.support.scratch import bed_certificates  # noqa: E402
from tests.support.modules import run_module  # noqa: E402
from tests.support.vcsim import TESTBED_NAMES, Vcsim  # noqa: E402

from ansible_collections.vic.vch.plugins.module_utils.containervm.options import container_id  # noqa: E402

PLAYBOOKS = os.path.join(HERE, "playbooks")
DATACENTER = TESTBED_NAMES["datacenter"]
VCH = {"name": "vch-bench", "datacenter": DATACENTER, "cluster": TESTBED_NAMES["cluster"], "datastore": "LocalDS_0",
       "bridge_network": "DC0_DVPG0", "public_network": TESTBED_NAMES["network"],
       "client_network": {"port_group": "DC0_DVPG1", "ip": "10.10.0.5/24", "gateway": "10.10.0.1"},
       "dns_servers": ["10.10.0.2", "10.10.0.4"], "registries": {"insecure": ["registry.lab:5000"]},
       "container_networks": [{"port_group": "DC0_DVPG2", "alias": "web", "gateway": "10.20.0.1/24",
                               "ip_range": "10.20.0.10-10.20.0.100"}],
       "volume_stores": [{"name": "default", "url": "ds://LocalDS_1/volumes"}],
       "ops_user": "vic-ops@vsphere.local", "ops_password": "bench-Ops-Pa55"}
# a containerVM as containervm_config declares it (the drift playbook holds exactly this)
CONTAINER = {"command": {"path": "/bin/sh", "args": ["-c", "while true; do sleep 60; done"], "env": ["TZ=UTC"]},
             "annotations": {"tier": "bench"}}
# B1 again on a simulator that answers every SOAP request after this delay, as a remote vCenter would
LATENCY_MS = 20
FULL = {"b1_pairs": 10, "b1_latency_pairs": 5, "b2_points": (50, 200, 500), "b2_ours_runs": 5,
        "b2_theirs_sample": 50, "b3_vms": 200, "b4_seconds": 3.0}
QUICK = {"b1_pairs": 3, "b1_latency_pairs": 2, "b2_points": (20, 100), "b2_ours_runs": 3,
         "b2_theirs_sample": 20, "b3_vms": 50, "b4_seconds": 1.0}
# requests lets these variables override verify=False: vmware.vmware's REST client would then refuse vcsim's
# self-signed certificate although the task says validate_certs: false
_CA_OVERRIDES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
_RECONFIGURE_THIS = re.compile(r"<(?:[\w.-]+:)?ReconfigVM_Task\b[^>]*>\s*<(?:[\w.-]+:)?_this\b[^>]*>([^<]+)<")


def log(text):
    print(text, file=sys.stderr, flush=True)


def median(values):
    return round(statistics.median(values), 4) if values else None


# -- running ansible-playbook against a simulator -----------------------------------------------------------------


class Runner:
    """ansible-playbook runs against one simulator: wall time, the timer callback's task times, SOAP requests."""

    runs = 0  # over all runners: numbers the timing files and logs, shared by the runners of one benchmark

    def __init__(self, vc, workdir, logdir):
        self.vc = vc
        self.workdir = workdir
        self.logdir = logdir
        self.env = {k: v for k, v in os.environ.items() if k not in _CA_OVERRIDES and not k.startswith("ANSIBLE_")}
        self.env.update(vc.environment())
        self.env.update(
            ANSIBLE_COLLECTIONS_PATH=collections_root(),
            ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="bench_timer",
            ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_NOCOLOR="1",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_RETRY_FILES_ENABLED="false",
            ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "ansible-tmp"))
        self.playbook_bin = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

    def vars_file(self, name, data):
        path = os.path.join(self.workdir, name)
        with open(path, "w") as handle:
            json.dump(data, handle)
        return path

    def run(self, playbook, extra=(), check=False, label=None, allow_failure=False, env=None):
        """One ansible-playbook run (``env`` added to its environment); returns wall_s, task_s (the named tasks'
        total), tasks, requests, rc."""
        Runner.runs += 1
        label = label or os.path.splitext(os.path.basename(playbook))[0]
        timings = os.path.join(self.workdir, "timings-%d.jsonl" % self.runs)
        if os.path.exists(timings):
            raise RuntimeError("%s exists already: timings would mix" % timings)
        env = dict(self.env, BENCH_TIMINGS=timings, **(env or {}))
        cmd = [self.playbook_bin, "-i", "localhost,", playbook] + (["--check"] if check else [])
        for item in extra:
            cmd += ["-e", item]
        before = len(self.vc.soap_requests())
        offset = os.path.getsize(self.vc.trace_file)
        log_path = os.path.join(self.logdir, "%03d-%s%s.log" % (self.runs, label, "-check" if check else ""))
        with open(log_path, "w") as out:
            started = time.monotonic()
            rc = run_process(cmd, env, out)
            wall = time.monotonic() - started
        requests = self.vc.soap_requests()[before:]
        tasks = []
        if os.path.exists(timings):
            with open(timings) as handle:
                tasks = [json.loads(line) for line in handle if line.strip()]
        if rc == 0 and not tasks:
            raise RuntimeError("the timer callback recorded nothing for %s (see %s)" % (label, log_path))
        if rc != 0 and not allow_failure:
            raise RuntimeError("%s failed (status %d); its output: %s\n%s" % (label, rc, log_path, tail(log_path)))
        return {"wall_s": wall, "task_s": sum(t["seconds"] for t in tasks), "tasks": tasks, "rc": rc,
                "requests": collections.Counter(requests), "log": log_path,
                "reconfigured": self.reconfigured_since(offset)}

    def inventory(self, label):
        """ansible-inventory --list with the vic.vch.vic plugin over the whole simulator: wall_s, the hosts it
        listed, the SOAP requests."""
        Runner.runs += 1
        path = os.path.join(self.workdir, "bench.vic.yml")
        with open(path, "w") as handle:
            json.dump({"plugin": "vic.vch.vic", "validate_certs": False}, handle)
        cmd = [os.path.join(os.path.dirname(self.playbook_bin), "ansible-inventory"), "-i", path, "--list",
               "--output", os.path.join(self.workdir, "inventory-%d.json" % self.runs)]
        before = len(self.vc.soap_requests())
        log_path = os.path.join(self.logdir, "%03d-%s.log" % (self.runs, label))
        with open(log_path, "w") as out:
            started = time.monotonic()
            rc = run_process(cmd, dict(self.env, ANSIBLE_INVENTORY_ENABLED="vic.vch.vic"), out)
            wall = time.monotonic() - started
        if rc != 0:
            raise RuntimeError("%s failed (status %d): %s\n%s" % (label, rc, log_path, tail(log_path)))
        with open(os.path.join(self.workdir, "inventory-%d.json" % self.runs)) as handle:
            hosts = len(json.load(handle)["_meta"]["hostvars"])
        return {"wall_s": wall, "hosts": hosts, "requests": collections.Counter(self.vc.soap_requests()[before:])}

    def reconfigured_since(self, offset):
        """The VMs (moids) of the ReconfigVM_Task requests in the trace after byte ``offset``."""
        with open(self.vc.trace_file, encoding="utf-8", errors="replace") as handle:
            handle.seek(offset)
            return _RECONFIGURE_THIS.findall(handle.read())


def run_process(cmd, env, out):
    """Run ``cmd`` in its own process group; on any exception (Ctrl-C too) stop that group, then re-raise."""
    proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True, cwd=REPO_ROOT)
    try:
        return proc.wait()
    except BaseException:
        stop_group(proc)
        raise


def stop_group(proc):
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def tail(path, lines=30):
    with open(path, errors="replace") as handle:
        return "".join(handle.readlines()[-lines:])


def failure_message(run):
    """The module's error message from a failed run's output."""
    text = tail(run["log"], 400)
    found = re.findall(r'"msg": "((?:[^"\\]|\\.)*)"', text)
    return (found[-1] if found else text.strip().splitlines()[-1]).replace("\\\"", "\"")


def summary(requests):
    return dict(sorted(requests.items()))


# -- inventory set-up (through the collection's own modules, in-process) ------------------------------------------


def deploy_vch(vc):
    result = run_module("vch_deploy", dict(vc.connection_params(), appliance_iso=appliance_iso_file(),
                                           tls_cert_path=bed_certificates("10.10.0.5"), **VCH))
    if not result.get("changed"):
        raise RuntimeError("vch_deploy failed: %s" % result.get("msg", result))
    return result["vch"]


def add_containers(vc, names):
    """containerVMs of the VCH, made by one containervm_fleet run."""
    result = run_module("containervm_fleet", dict(vc.connection_params(), vch=VCH["name"], parallel=8, containers=[
        dict(CONTAINER, name=name) for name in names]))
    if result.get("failed"):
        raise RuntimeError("containervm_fleet failed: %s" % result.get("msg"))


def vm_properties(vc, names, paths=()):
    """{VM name: (moid, {path: value})} of the VMs ``names``, in one retrieval."""
    from pyVmomi import vim, vmodl

    wanted = set(names)
    with connected(vc) as si:
        content = si.RetrieveContent()
        view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
        try:
            query = vmodl.query.PropertyCollector
            spec = query.FilterSpec(
                objectSet=[query.ObjectSpec(obj=view, skip=True, selectSet=[
                    query.TraversalSpec(type=vim.view.ContainerView, path="view", skip=False)])],
                propSet=[query.PropertySpec(type=vim.VirtualMachine, pathSet=["name"] + list(paths))])
            found = {}
            for content_object in content.propertyCollector.RetrieveContents([spec]):
                props = dict((p.name, p.val) for p in content_object.propSet)
                if props["name"] in wanted:
                    found[props["name"]] = (content_object.obj._moId, props)
            return found
        finally:
            view.Destroy()


def guestinfo_keys(vc, names):
    """{VM name: {key: value}} of the guestinfo.vice.* keys of ``names``."""
    return dict((name, dict((o.key, str(o.value)) for o in props.get("config.extraConfig", [])
                            if o.key.startswith("guestinfo.vice.")))
                for name, (_moid, props) in vm_properties(vc, names, ["config.extraConfig"]).items())


def drift(vc, names):
    """Out of band, as a user in the vSphere client: each VM's stop signal becomes SIGKILL (a key a running
    containerVM may change)."""
    for name in names:
        key = "guestinfo.vice./sessions|%s/stopSignal" % container_id(VCH["name"], name)
        set_extra_config(vc, name, {key: "SIGKILL"})


def clone_containers(vc, template, names):
    """More containerVMs like ``template`` (one containervm_config made), fast, for B2 which only reads them: its
    extraConfig with its container id and name replaced, CreateVM_Task in its folder and pool, all tasks started
    before any is waited for."""
    from pyVmomi import vim

    template_id = container_id(VCH["name"], template)
    with connected(vc) as si:
        source = vm(si, template)
        keys = [(o.key, str(o.value)) for o in source.config.extraConfig]
        tasks = []
        for name in names:
            cid = container_id(VCH["name"], name)
            extra = [vim.option.OptionValue(key=k.replace(template_id, cid),
                                            value=v.replace(template_id, cid).replace(template, name))
                     for k, v in keys]
            spec = vim.vm.ConfigSpec(name=name, guestId=source.config.guestId, numCPUs=1, memoryMB=512,
                                     files=vim.vm.FileInfo(vmPathName=source.config.files.vmPathName.split()[0]),
                                     extraConfig=extra)
            tasks.append(source.parent.CreateVM_Task(spec, pool=source.resourcePool))
        for task in tasks:
            while task.info.state not in ("success", "error"):
                time.sleep(0.01)
            if task.info.state == "error":
                raise RuntimeError("creating a containerVM failed: %s" % task.info.error)


def moids(vc, names):
    return dict((name, moid) for name, (moid, _props) in vm_properties(vc, names).items())


# -- the benchmarks -----------------------------------------------------------------------------------------------


def bench_b1(runner, pairs):
    vc = runner.vc
    settings = dict((k, v) for k, v in extra_config(vc, VCH["name"]).items() if k.startswith("guestinfo.vice."))
    common = {"b1_vch": VCH["name"]}
    ours_vars = runner.vars_file("b1-ours.json", dict(common, b1_dns_servers=VCH["dns_servers"],
                                                      b1_registries=VCH["registries"]))
    theirs_vars = runner.vars_file("b1-theirs.json", dict(common, b1_settings=settings))
    ours_pb, theirs_pb = os.path.join(PLAYBOOKS, "b1_ours.yml"), os.path.join(PLAYBOOKS, "b1_theirs.yml")
    # one warm-up run each (first imports fill the page cache and __pycache__), not counted
    runner.run(ours_pb, ["@" + ours_vars], label="b1-ours-warmup")
    runner.run(theirs_pb, ["@" + theirs_vars], label="b1-theirs-warmup")
    runs = collections.defaultdict(list)
    # ours as a task on the controller runs it (in Ansible's worker), and as the module it is elsewhere
    sides = (("ours", ours_pb, ours_vars, None), ("theirs", theirs_pb, theirs_vars, None),
             ("ours_module", ours_pb, ours_vars, {"VIC_VCH_ON_CONTROLLER": "false"}))
    for index in range(pairs):
        for side, playbook, extra, env in sides:
            for check in (False, True):
                runs[(side, check)].append(runner.run(playbook, ["@" + extra], check=check, env=env,
                                                      label="b1-" + side))
        log("  B1 round %d/%d: ours %.2fs, theirs %.2fs, ours as a module %.2fs (task)"
            % (index + 1, pairs, runs[("ours", False)][-1]["task_s"], runs[("theirs", False)][-1]["task_s"],
               runs[("ours_module", False)][-1]["task_s"]))
    result = {"keys": len(settings), "pairs": pairs}
    for (side, check), items in runs.items():
        suffix = "_check" if check else ""
        result["%s%s_s" % (side, suffix)] = median([r["task_s"] for r in items])
        result["%s%s_wall_s" % (side, suffix)] = median([r["wall_s"] for r in items])
        result["%s%s_requests" % (side, suffix)] = max(sum(r["requests"].values()) for r in items)
        result["%s%s_reconfigure" % (side, suffix)] = sum(r["requests"]["ReconfigVM_Task"] for r in items)
        result["%s%s_changed" % (side, suffix)] = any(t["changed"] for r in items for t in r["tasks"])
        result["%s%s_methods" % (side, suffix)] = summary(items[-1]["requests"])
    result["ratio"] = round(result["theirs_s"] / result["ours_s"], 2)
    result["check_ratio"] = round(result["theirs_check_s"] / result["ours_check_s"], 2)
    result["wall_ratio"] = round(result["theirs_wall_s"] / result["ours_wall_s"], 2)
    result["module_ratio"] = round(result["theirs_s"] / result["ours_module_s"], 2)
    result["ours_over_theirs"] = round(result["ours_s"] / result["theirs_s"], 2)
    result["ours_budget"] = {"max_requests": 4, "max_reconfigure": 0}
    result["ours_budget_met"] = (max(result["ours_requests"], result["ours_check_requests"]) <= 4
                                 and result["ours_reconfigure"] == 0 and result["ours_check_reconfigure"] == 0
                                 and not result["ours_changed"])
    return result


def bench_b2(runner, points, ours_runs, sample_size):
    vc = runner.vc
    ours_pb = os.path.join(PLAYBOOKS, "b2_ours.yml")
    theirs = (("community.vmware.vmware_guest_info", os.path.join(PLAYBOOKS, "b2_community.yml")),
              ("vmware.vmware.guest_info", os.path.join(PLAYBOOKS, "b2_vmware.yml")))
    fleet, result, not_measured = [], {"points": []}, {}
    for n in points:
        started = time.monotonic()
        new = ["cvm-%04d" % i for i in range(len(fleet), n)]
        if not fleet:
            add_containers(vc, new[:1])
        clone_containers(vc, "cvm-0000", [name for name in new if name != "cvm-0000"])
        fleet += new
        log("  B2 N=%d: %d containerVMs created in %.1fs" % (n, len(new), time.monotonic() - started))
        names_vars = runner.vars_file("b2-%d.json" % n, {"b2_names": fleet, "b2_datacenter": DATACENTER})
        sample = fleet if sample_size <= 0 or sample_size >= n else random.Random(n).sample(fleet, sample_size)
        sample_vars = runner.vars_file("b2-%d-sample.json" % n, {"b2_names": sample, "b2_datacenter": DATACENTER})
        ours = [runner.run(ours_pb, ["@" + names_vars], label="b2-ours-%d" % n)]
        point = {"n": n, "theirs_measured_vms": len(sample)}
        for module, playbook in theirs:
            if module in not_measured:
                continue
            run = runner.run(playbook, ["@" + sample_vars], label="b2-%s-%d" % (module.split(".", maxsplit=1)[0], n),
                             allow_failure=True)
            if run["rc"] != 0:
                not_measured[module] = failure_message(run)
                log("  B2 %s cannot run against vcsim: %s" % (module, not_measured[module]))
                continue
            per_vm_s = run["task_s"] / len(sample)
            per_vm_requests = sum(run["requests"].values()) / len(sample)
            key = "theirs" if module.startswith("community.") else "vmware"
            point.update({"%s_s" % key: round(per_vm_s * n, 3), "%s_per_vm_s" % key: round(per_vm_s, 4),
                          "%s_requests" % key: int(round(per_vm_requests * n)),
                          "%s_requests_per_vm" % key: round(per_vm_requests, 2),
                          "%s_methods_per_vm" % key: dict((m, round(c / len(sample), 2))
                                                          for m, c in sorted(run["requests"].items())),
                          "%s_extrapolated" % key: len(sample) < n})
            ours.append(runner.run(ours_pb, ["@" + names_vars], label="b2-ours-%d" % n))
        while len(ours) < ours_runs:
            ours.append(runner.run(ours_pb, ["@" + names_vars], label="b2-ours-%d" % n))
        point.update({"ours_s": median([r["task_s"] for r in ours]), "ours_wall_s": median([r["wall_s"] for r in ours]),
                      "ours_per_vm_s": round(median([r["task_s"] for r in ours]) / n, 5),
                      "ours_requests": max(sum(r["requests"].values()) for r in ours),
                      "ours_methods": summary(ours[-1]["requests"])})
        if "theirs_s" in point:
            point["ratio"] = round(point["theirs_s"] / point["ours_s"], 1)
        listings = [runner.inventory("b2-inventory-%d" % n) for _run in range(ours_runs)]
        point.update({"inventory_wall_s": median([r["wall_s"] for r in listings]),
                      "inventory_hosts": listings[-1]["hosts"],
                      "inventory_requests": max(sum(r["requests"].values()) for r in listings)})
        result["points"].append(point)
        log("  B2 N=%d: ours %.2fs, %d requests; community.vmware %s" % (
            n, point["ours_s"], point["ours_requests"],
            "%.1fs (%s VMs measured)" % (point["theirs_s"], len(sample)) if "theirs_s" in point else "not measured"))
    counts = set(p["ours_requests"] for p in result["points"])
    result["ours_requests_constant"] = len(counts) == 1
    result["theirs_module"] = "community.vmware.vmware_guest_info"
    result["not_measured"] = [{"module": m, "reason": r} for m, r in sorted(not_measured.items())]
    return result


def bench_b3(runner, vms):
    vc = runner.vc
    started = time.monotonic()
    names = ["web-%04d" % i for i in range(vms)]
    add_containers(vc, names)
    drifted = sorted(random.Random(6).sample(names, max(1, vms // 10)))
    log("  B3: %d containerVMs created in %.1fs; drifting %d of them out of band"
        % (vms, time.monotonic() - started, len(drifted)))
    drift(vc, drifted)
    declared = {"vic_vcenter": {},
                "vic_declared_vchs": [{"name": VCH["name"], "dns_servers": VCH["dns_servers"],
                                       "registries": VCH["registries"]}],
                "vic_declared_containers": [dict(CONTAINER, name=name, vch=VCH["name"]) for name in names]}
    vars_file = runner.vars_file("b3-declared.json", declared)
    playbook = os.path.join(REPO_ROOT, "playbooks", "drift.yml")
    extra = ["vic_vars_file=" + vars_file]
    check = runner.run(playbook, extra, check=True, label="b3-drift")
    log("  B3 check mode: %.1fs, %d ReconfigVM_Task" % (check["wall_s"], check["requests"]["ReconfigVM_Task"]))
    fix = runner.run(playbook, extra, label="b3-drift")
    log("  B3 correction: %.1fs, %d ReconfigVM_Task" % (fix["wall_s"], fix["requests"]["ReconfigVM_Task"]))
    by_moid = dict((moid, name) for name, moid in moids(vc, names + [VCH["name"]]).items())
    reconfigured = sorted(by_moid.get(moid, moid) for moid in fix["reconfigured"])
    fleet_task = "Hold the containerVMs at their declared configuration, all in one task"
    result = {
        "vms": vms, "drifted": len(drifted), "reconfigure_calls": fix["requests"]["ReconfigVM_Task"],
        "reconfigured_exactly_the_drifted": reconfigured == drifted,
        "wall_s": round(fix["wall_s"], 2), "task_s": round(fix["task_s"], 2),
        "containers_task_s": round(sum(t["seconds"] for t in fix["tasks"] if t["task"].endswith(fleet_task)), 2),
        "requests": sum(fix["requests"].values()), "methods": summary(fix["requests"]),
        "check_mode_wall_s": round(check["wall_s"], 2), "check_mode_task_s": round(check["task_s"], 2),
        "check_mode_requests": sum(check["requests"].values()), "check_mode_methods": summary(check["requests"]),
        "check_mode_reconfigure_calls": check["requests"]["ReconfigVM_Task"],
        "requests_per_vm": round(sum(fix["requests"].values()) / (vms + 1), 2),
    }
    result.update(bench_b3_theirs(runner, names, drifted, by_moid))
    result["ratio"] = round(result["wall_s"] / result["theirs_wall_s"], 3)
    result["check_mode_ratio"] = round(result["check_mode_wall_s"] / result["theirs_check_mode_wall_s"], 3)
    return result


def bench_b3_theirs(runner, names, drifted, by_moid):
    """The peer: the same VMs, held at their declared keys (read after the correction: every guestinfo.vice.* key
    as vic.vch wrote it) by a vm_advanced_settings loop; the same VMs drifted again first."""
    vc = runner.vc
    declared = guestinfo_keys(vc, names)
    drift(vc, drifted)
    vars_file = runner.vars_file("b3-theirs.json", {"b3_vms": [{"name": name, "settings": declared[name]}
                                                               for name in names]})
    playbook = os.path.join(PLAYBOOKS, "b3_theirs.yml")
    extra = ["@" + vars_file]
    check = runner.run(playbook, extra, check=True, label="b3-theirs")
    log("  B3 theirs, check mode: %.1fs, %d ReconfigVM_Task"
        % (check["wall_s"], check["requests"]["ReconfigVM_Task"]))
    fix = runner.run(playbook, extra, label="b3-theirs")
    log("  B3 theirs, correction: %.1fs, %d ReconfigVM_Task" % (fix["wall_s"], fix["requests"]["ReconfigVM_Task"]))
    reconfigured = sorted(by_moid.get(moid, moid) for moid in fix["reconfigured"])
    return {
        "theirs_module": "vmware.vmware.vm_advanced_settings (a loop, one run per VM)",
        "theirs_keys_per_vm": round(statistics.mean(len(keys) for keys in declared.values()), 1),
        "theirs_wall_s": round(fix["wall_s"], 2), "theirs_task_s": round(fix["task_s"], 2),
        "theirs_requests": sum(fix["requests"].values()), "theirs_methods": summary(fix["requests"]),
        "theirs_reconfigure_calls": fix["requests"]["ReconfigVM_Task"],
        "theirs_reconfigured_exactly_the_drifted": reconfigured == drifted,
        "theirs_check_mode_wall_s": round(check["wall_s"], 2), "theirs_check_mode_task_s": round(check["task_s"], 2),
        "theirs_check_mode_requests": sum(check["requests"].values()),
        "theirs_check_mode_reconfigure_calls": check["requests"]["ReconfigVM_Task"],
    }


# -- the machine, the versions, the outputs -----------------------------------------------------------------------


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            found = re.search(r"^model name\s*:\s*(.+)$", handle.read(), re.M)
            model = found.group(1).strip() if found else model
    except OSError:
        pass
    load = "%.2f" % os.getloadavg()[0] if hasattr(os, "getloadavg") else "?"
    return "%s, %d cores, %s, Python %s (load average %s at start; possibly shared)" % (
        model, os.cpu_count() or 0, platform.platform(terse=True), platform.python_version(), load)


def versions():
    galaxy = os.path.join(os.path.dirname(sys.executable), "ansible-galaxy")
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_root())
    done = subprocess.run([galaxy, "collection", "list", "--format", "json"], capture_output=True, text=True,
                          env=env, check=True, stdin=subprocess.DEVNULL)
    found = {}
    for path_collections in json.loads(done.stdout).values():
        for name, info in path_collections.items():
            if name in ("vic.vch", "vmware.vmware", "community.vmware") and name not in found:
                found[name] = info.get("version")
    from importlib.metadata import version
    for package in ("ansible", "ansible-core", "pyvmomi", "vmware-vcenter"):
        found[package] = version(package)
    with open(os.path.join(REPO_ROOT, "scripts", "setup")) as handle:  # vcsim has no -version: its pin
        pinned = re.search(r"^GOVMOMI_VERSION=(\S+)", handle.read(), re.M)
    found["vcsim"] = pinned.group(1) if pinned else "?"
    return found


def markdown(results):
    b1, b2, b3, b4 = results["b1"], results["b2"], results["b3"], results["b4"]
    lines = ["Machine: %s" % results["machine"], "", "Versions: " + ", ".join(
        "%s %s" % item for item in sorted(results["versions"].items())), "",
        "### B1: no-op drift check of one VCH (%d guestinfo.vice keys, %d alternating pairs)"
        % (b1["keys"], b1["pairs"]),
        "", "| | vic.vch.vch_config | vmware.vmware.vm_advanced_settings | ratio |", "|---|---|---|---|",
        "| task, median | %.3f s | %.3f s | %.2fx |" % (b1["ours_s"], b1["theirs_s"], b1["ratio"]),
        "| task, median, --check | %.3f s | %.3f s | %.2fx |" % (
            b1["ours_check_s"], b1["theirs_check_s"], b1["check_ratio"]),
        "| ansible-playbook wall, median | %.3f s | %.3f s | %.2fx |" % (
            b1["ours_wall_s"], b1["theirs_wall_s"], b1["wall_ratio"]),
        "| task, median, vch_config as a module (VIC_VCH_ON_CONTROLLER=false) | %.3f s | %.3f s | %.2fx |" % (
            b1["ours_module_s"], b1["theirs_s"], b1["module_ratio"]),
        "| SOAP requests per run | %d | %d | |" % (b1["ours_requests"], b1["theirs_requests"]),
        "| ReconfigVM_Task | %d | %d | |" % (b1["ours_reconfigure"], b1["theirs_reconfigure"]),
        "", "Budget for vic.vch (at most 4 SOAP requests, no ReconfigVM_Task, not changed): %s." % (
            "met" if b1["ours_budget_met"] else "NOT MET"),
        ""]
    lat = results.get("b1_latency")
    if lat:
        lines += ["B1 again with every SOAP request answered after %d ms (vcsim -delay, as a remote vCenter), %d pairs:"
                  % (lat["delay_ms"], lat["pairs"]), "",
                  "| | vic.vch.vch_config | vmware.vmware.vm_advanced_settings | ratio |", "|---|---|---|---|",
                  "| task, median | %.3f s | %.3f s | %.2fx |" % (lat["ours_s"], lat["theirs_s"], lat["ratio"]),
                  "| task, median, --check | %.3f s | %.3f s | %.2fx |" % (
                      lat["ours_check_s"], lat["theirs_check_s"], lat["check_ratio"]),
                  "| SOAP requests per run | %d | %d | |" % (lat["ours_requests"], lat["theirs_requests"]), ""]
    lines += ["### B2: fleet inspection (guestinfo.vice keys of N containerVMs)", "",
              "| N | vic.vch.guestinfo_read (one task) | per VM | requests | community.vmware.vmware_guest_info loop | "
              "per VM | requests | ratio |", "|---|---|---|---|---|---|---|---|"]
    for p in b2["points"]:
        theirs = ("%.2f s%s | %.3f s | %d%s | %.0fx" % (
            p["theirs_s"], " (from %d VMs)" % p["theirs_measured_vms"] if p["theirs_extrapolated"] else "",
            p["theirs_per_vm_s"], p["theirs_requests"], " (%.0f/VM)" % p["theirs_requests_per_vm"], p["ratio"])
            if "theirs_s" in p else "not measured | | |")
        lines.append("| %d | %.3f s | %.4f s | %d | %s |" % (p["n"], p["ours_s"], p["ours_per_vm_s"],
                                                             p["ours_requests"], theirs))
    lines += ["", "vic.vch's SOAP requests independent of N: %s." % ("yes" if b2["ours_requests_constant"] else "NO")]
    for item in b2["not_measured"]:
        lines.append("%s not measured: %s" % (item["module"], item["reason"]))
    lines += ["", "The inventory plugin vic.vch.vic on the same simulator (ansible-inventory --list, whole process):",
              "", "| N containerVMs | hosts listed | wall, median | SOAP requests |", "|---|---|---|---|"]
    for p in b2["points"]:
        lines.append("| %d | %d | %.2f s | %d |" % (p["n"], p["inventory_hosts"], p["inventory_wall_s"],
                                                    p["inventory_requests"]))
    lines += ["", "### B3: drift correction at scale (the vic.vch.drift playbook, and a vm_advanced_settings loop)",
              "", "| 1 VCH + %d containerVMs, %d drifted | vic.vch.drift wall | tasks | SOAP requests "
              "| ReconfigVM_Task | vm_advanced_settings loop wall | tasks | SOAP requests | ReconfigVM_Task "
              "| ours / theirs |"
              % (b3["vms"], b3["drifted"]), "|---|---|---|---|---|---|---|---|---|---|",
              "| correction | %.1f s | %.1f s | %d | %d | %.1f s | %.1f s | %d | %d | %.3f |" % (
                  b3["wall_s"], b3["task_s"], b3["requests"], b3["reconfigure_calls"], b3["theirs_wall_s"],
                  b3["theirs_task_s"], b3["theirs_requests"], b3["theirs_reconfigure_calls"], b3["ratio"]),
              "| --check (drift report) | %.1f s | %.1f s | %d | %d | %.1f s | %.1f s | %d | %d | %.3f |" % (
                  b3["check_mode_wall_s"], b3["check_mode_task_s"], b3["check_mode_requests"],
                  b3["check_mode_reconfigure_calls"], b3["theirs_check_mode_wall_s"], b3["theirs_check_mode_task_s"],
                  b3["theirs_check_mode_requests"], b3["theirs_check_mode_reconfigure_calls"],
                  b3["check_mode_ratio"]),
              "", "One ReconfigVM_Task per drifted VM and none for the others: %s (theirs: %s)." % (
                  "yes" if b3["reconfigured_exactly_the_drifted"] and b3["reconfigure_calls"] == b3["drifted"]
                  else "NO", "yes" if b3["theirs_reconfigured_exactly_the_drifted"]
                  and b3["theirs_reconfigure_calls"] == b3["drifted"] else "no"),
              "", "### B4: codec", "",
              "| keys | us per encode+decode | keys/s |", "|---|---|---|",
              "| %d | %.1f | %d |" % (b4["keys"], b4["us_per_roundtrip"], b4["keys_per_s"]), ""]
    return "\n".join(lines)


def chart(results, path):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    points = results["b2"]["points"]
    figure, axes = pyplot.subplots(figsize=(7.5, 4.5), dpi=110)
    ns = [p["n"] for p in points]
    axes.plot(ns, [p["ours_s"] for p in points], "o-", color="tab:blue", label="vic.vch.guestinfo_read (one task)")
    theirs = [p for p in points if "theirs_s" in p]
    if theirs:
        extrapolated = any(p["theirs_extrapolated"] for p in theirs)
        axes.plot([p["n"] for p in theirs], [p["theirs_s"] for p in theirs], "s--", color="tab:red",
                  label="community.vmware.vmware_guest_info, a loop" + (" (*)" if extrapolated else ""))
    for p in points:
        axes.annotate("%.1f s" % p["ours_s"], (p["n"], p["ours_s"]), textcoords="offset points", xytext=(0, 8),
                      ha="center", fontsize=8, color="tab:blue")
        if "theirs_s" in p:
            axes.annotate("%.0f s" % p["theirs_s"], (p["n"], p["theirs_s"]), textcoords="offset points",
                          xytext=(0, 8), ha="center", fontsize=8, color="tab:red")
    axes.set_xlabel("containerVMs read (N)")
    axes.set_ylabel("task time, seconds")
    axes.set_title("B2: guestinfo keys of N VMs, one vcsim (%s)" % results["machine"].split(",")[1].strip())
    axes.set_xticks(ns)
    axes.set_ylim(bottom=0, top=max([p["ours_s"] for p in points] + [p["theirs_s"] for p in theirs]) * 1.15)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left", fontsize=8)
    if theirs and any(p["theirs_extrapolated"] for p in theirs):
        figure.text(0.01, 0.01, "(*) measured on a sample of the N VMs, per-VM time x N; vmware.vmware.guest_info "
                    "cannot log in to vcsim (no vAPI /api)", fontsize=7)
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    figure.savefig(path)
    pyplot.close(figure)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller N (B2 at 20 and 100, B3 with 50 VMs)")
    parser.add_argument("--out", default=os.path.join(HERE, "results", "results.json"), help="the JSON result "
                        "(a .md table and a -b2.png chart are written next to it)")
    parser.add_argument("--theirs-sample", type=int, help="B2: VMs the per-VM loops run over at each N "
                        "(0: all N; default 50, 20 with --quick)")
    parser.add_argument("--b3-vms", type=int, help="B3: containerVMs (default 200, 50 with --quick)")
    args = parser.parse_args(argv)
    plan = dict(QUICK if args.quick else FULL)
    if args.theirs_sample is not None:
        plan["b2_theirs_sample"] = args.theirs_sample
    if args.b3_vms is not None:
        plan["b3_vms"] = args.b3_vms

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    out = os.path.abspath(args.out)
    stem = os.path.splitext(out)[0]
    os.makedirs(os.path.dirname(out), exist_ok=True)
    logdir = stem + "-logs"
    os.makedirs(logdir, exist_ok=True)
    began = time.monotonic()
    results = {"machine": machine(), "mode": "quick" if args.quick else "full", "plan": plan, "versions": versions()}
    log("machine: %s\nversions: %s" % (results["machine"], results["versions"]))
    try:
        with tempfile.TemporaryDirectory(prefix="vic-bench-") as workdir:
            with Vcsim() as vc:
                log("vcsim on 127.0.0.1:%d (B1, B2)" % vc.port)
                runner = Runner(vc, workdir, logdir)
                results["vch"] = deploy_vch(vc)
                log("B1: no-op drift check of one VCH, %d alternating rounds" % plan["b1_pairs"])
                results["b1"] = bench_b1(runner, plan["b1_pairs"])
                log("B2: fleet inspection at N = %s" % ", ".join(map(str, plan["b2_points"])))
                results["b2"] = bench_b2(runner, plan["b2_points"], plan["b2_ours_runs"], plan["b2_theirs_sample"])
            with Vcsim(extra_args=("-delay", str(LATENCY_MS))) as vc:
                log("vcsim on 127.0.0.1:%d answering each SOAP request after %d ms (B1 again)" % (vc.port, LATENCY_MS))
                runner = Runner(vc, workdir, logdir)
                deploy_vch(vc)
                results["b1_latency"] = dict(bench_b1(runner, plan["b1_latency_pairs"]), delay_ms=LATENCY_MS)
            with Vcsim() as vc:
                log("vcsim on 127.0.0.1:%d (B3)" % vc.port)
                runner = Runner(vc, workdir, logdir)
                deploy_vch(vc)
                log("B3: drift correction over 1 VCH + %d containerVMs" % plan["b3_vms"])
                results["b3"] = bench_b3(runner, plan["b3_vms"])
    except KeyboardInterrupt:
        log("interrupted: simulators and ansible-playbook runs stopped")
        return 130
    log("B4: codec")
    b4 = codec.measure(plan["b4_seconds"])
    results["b4"] = {"keys": b4["keys"], "us_per_roundtrip": b4["us_per_roundtrip"], "keys_per_s": b4["keys_per_s"],
                     "rounds": b4["rounds"]}
    results["elapsed_s"] = round(time.monotonic() - began, 1)
    with open(out, "w") as handle:
        json.dump(results, handle, indent=2)
        handle.write("\n")
    table = markdown(results)
    with open(stem + ".md", "w") as handle:
        handle.write(table + "\n")
    chart(results, stem + "-b2.png")
    print(table)
    log("results: %s, %s.md, %s-b2.png (ansible-playbook logs in %s); %.0fs in all"
        % (out, stem, stem, logdir, results["elapsed_s"]))
    b3 = results["b3"]
    ok = (results["b1"]["ours_budget_met"] and b3["reconfigured_exactly_the_drifted"]
          and b3["reconfigure_calls"] == b3["drifted"] and b3["check_mode_reconfigure_calls"] == 0)
    if not ok:
        log("FAILED: a budget (B1) or the reconfigure count (B3) was not met; see above")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
