# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a VM's guest publishes at run time, and what tells a VCH from a containerVM: every key derived from the
schemas, none spelled by hand.

A VCH's appliance publishes, in its ``init`` section, each service's start status and each network's assigned
address; a containerVM's tether publishes its session's start status, exit status, start and stop times and its
networks' assigned addresses.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import datetime, timezone
from functools import lru_cache

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import (
    ConfigError, decode, decode_field, field_keys, key_of)
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.schemas import ExecutorConfig, VCHConfig

# the services of a VCH appliance: VIC's session names
PERSONALITY, PORT_LAYER, VICADMIN = "docker-personality", "port-layer", "vicadmin"
VCH_SESSIONS = (PERSONALITY, PORT_LAYER, VICADMIN)
# the network whose published address is the one Docker clients use
CLIENT_NETWORK = "client"
STARTED = "true"  # a session's started value once it runs; anything else but "" is the error it failed with
# where Docker clients and browsers reach a VCH: the Docker API with TLS and without it, the admin portal
DOCKER_TLS_PORT, DOCKER_PORT, ADMIN_PORTAL_PORT = 2376, 2375, 2378
# what may change while a containerVM runs: host-side metadata and policy the tether reads again when it needs it
CHANGEABLE_WHILE_RUNNING = ("annotations", "sessions[*].restart", "sessions[*].stop_signal")


@lru_cache(maxsize=None)
def _keys_of(schema, fields):
    return field_keys(schema, fields)


def is_vch(extra_config):
    """Whether a VM's extraConfig holds a VCH configuration (VIC's or ours): a key of its init section."""
    in_init = _keys_of(VCHConfig, ("executor_config",))
    return any(in_init(key) for key in extra_config)


def is_containervm(extra_config):
    """Whether a VM's extraConfig holds a containerVM configuration: a key of its sessions, and no VCH's."""
    in_sessions = _keys_of(ExecutorConfig, ("sessions",))
    return any(in_sessions(key) for key in extra_config) and not is_vch(extra_config)


def changeable_while_running(key):
    """Whether a containerVM's key may change while it runs (see CHANGEABLE_WHILE_RUNNING)."""
    return _keys_of(ExecutorConfig, CHANGEABLE_WHILE_RUNNING)(key)


# -- the VCH -------------------------------------------------------------------------------------------------------

def vch_started_key(session):
    return key_of(VCHConfig, "executor_config.sessions[%s].started" % session)


def vch_client_ip_key():
    return key_of(VCHConfig, "executor_config.networks[%s].assigned.ip" % CLIENT_NETWORK)


def vch_published_status(extra_config):
    """What the appliance published: each service's start status, and the client address where there is one."""
    status = {"sessions": dict((session, extra_config.get(vch_started_key(session), ""))
                               for session in VCH_SESSIONS)}
    raw = extra_config.get(vch_client_ip_key())
    if raw:
        try:
            address = decode_field(VCHConfig, "executor_config.networks[%s].assigned.ip" % CLIENT_NETWORK,
                                   extra_config)
        except ConfigError:
            address = None
        # not an address (not base64, or not 4 or 16 bytes): shown as published
        status["client_ip"] = str(address) if address is not None and len(address) in (4, 16) else raw
    return status


class Progress:
    """How far a guest got in publishing what a wait wants: ``published`` and ``missing`` in words ("port-layer
    started", "client address"), and ``failure``, the start error a guest published (or None). ``done`` once
    nothing is missing; a failure ends a wait too. Module waits and guestinfo_read's status say the same."""

    def __init__(self, published, missing, failure=None):
        self.published = published
        self.missing = missing
        self.failure = failure

    @property
    def done(self):
        return not self.missing

    def as_dict(self):
        return {"published": self.published, "missing": self.missing, "failure": self.failure}

    def describe(self):
        published, missing = ", ".join(self.published) or "nothing", ", ".join(self.missing) or "nothing"
        return "published: %s; not published: %s" % (published, missing)


def vch_progress(extra_config):
    """How far the appliance got: each service's start, and its client address (the one Docker clients use)."""
    published, missing, failure = [], [], None
    for session in VCH_SESSIONS:
        started = extra_config.get(vch_started_key(session), "")
        if started == STARTED:
            published.append("%s started" % session)
        elif started:
            published.append("%s failed to start" % session)
            failure = failure or "%s failed to start: %s" % (session, started)
        else:
            missing.append("%s started" % session)
    (published if extra_config.get(vch_client_ip_key()) else missing).append("client address")
    return Progress(published, missing, failure)


# -- a containerVM -------------------------------------------------------------------------------------------------

def containervm_started_key(container_id):
    return key_of(ExecutorConfig, "sessions[%s].started" % container_id)


def containervm_stop_time_key(container_id):
    return key_of(ExecutorConfig, "sessions[%s].detail.stop_time" % container_id)


def containervm_published_status(extra_config, container_id, config=None):
    """What the containerVM's tether published: started, exit code, start and stop times, assigned addresses.
    ``config``: the configuration already read from ``extra_config``, else it is read here as VIC reads it
    (leniently: what VIC wrote imperfectly, say a '|' inside an argument, does not stop it)."""
    if config is None:
        config = decode(ExecutorConfig, extra_config, lenient=True)
    session = config.sessions.get(container_id)
    status = {"started": "", "exit_code": 0, "start_time": None, "stop_time": None, "addresses": {}}
    if session is not None:
        status.update(started=session.started, exit_code=session.exit_status,
                      start_time=_unix(session.detail.start_time), stop_time=_unix(session.detail.stop_time))
    for name, endpoint in config.networks.items():
        if endpoint is not None and endpoint.assigned.ip:
            status["addresses"][name] = str(endpoint.assigned)
    return status


def _unix(seconds):
    if not seconds:
        return None
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat()


def containervm_progress(extra_config, container_id, until="started"):
    """How far a containerVM got towards ``until`` (V(started), or V(exited): its stop time published)."""
    started = extra_config.get(containervm_started_key(container_id), "")
    stopped = extra_config.get(containervm_stop_time_key(container_id), "0") not in ("", "0")
    published, missing, failure = [], [], None
    if started == STARTED:
        published.append("started")
    elif started:
        published.append("failed to start")
        failure = "failed to start: %s" % started
    elif until == "started":
        missing.append("started")
    if stopped:
        published.append("stop time")
    elif until == "exited":
        missing.append("stop time")
    return Progress(published, missing, failure)


# -- what Docker clients are told ------------------------------------------------------------------------------------

def has_host_certificate(certificate):
    """Whether a configuration's Certificate holds a server certificate for the Docker API."""
    return certificate.host_certificate is not None and bool(certificate.host_certificate.cert)


def docker_port(has_certificate):
    """The Docker API's port: 2376 with TLS, 2375 without (vic-machine's choice, from the server certificate)."""
    return DOCKER_TLS_PORT if has_certificate else DOCKER_PORT


def docker_endpoint(has_certificate, verify, client_ip):
    """Where a VCH's Docker API and admin portal are, as vic-machine prints them: ``tls`` (``verify`` when clients
    must present a certificate the VCH's CAs signed, ``server`` with a server certificate only, ``none``), the
    ``port``, ``docker_host`` and ``admin_portal`` (None until a client address is published)."""
    port = docker_port(has_certificate)
    host = ("[%s]" % client_ip if ":" in client_ip else client_ip) if client_ip else None
    return {"tls": "verify" if verify else "server" if has_certificate else "none", "port": port,
            "docker_host": "%s:%d" % (host, port) if host else None,
            "admin_portal": "https://%s:%d" % (host, ADMIN_PORTAL_PORT) if host else None}


def vch_docker_endpoint(config, client_ip):
    """docker_endpoint of the VCH whose (decoded) configuration is ``config``."""
    certificate = config.certificate
    has_certificate = has_host_certificate(certificate)
    return docker_endpoint(has_certificate, has_certificate and bool(certificate.certificate_authorities), client_ip)
