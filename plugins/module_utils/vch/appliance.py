# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What vic-machine create does for a new VCH besides its keys: the vCenter the appliance connects to (and the
thumbprint it checks it against), the VIC version read from the appliance ISO, and the ISOs uploaded from the
controller into the VCH's directory on its datastore."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ssl
from urllib.parse import urlsplit

from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
from ansible_collections.vic.vch.plugins.module_utils.vch.iso import HEAD_LENGTH, LocalIso, publisher_version
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.versions import parse_build, version_text
from ansible_collections.vic.vch.plugins.module_utils.vsphere.files import read_head, upload, vm_directory
from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import certificate_thumbprint


def with_target(session, opts):
    """The options with vic-machine's defaults for the vCenter the appliance connects to: ``target`` the one
    ``session`` is connected to, ``thumbprint`` the SHA-1 fingerprint of the certificate the target presents (so
    the appliance can verify it). Given values win."""
    opts = dict(opts)
    opts.setdefault("target", session.url)
    if "thumbprint" not in opts and opts["target"].startswith("https://"):
        target = urlsplit(opts["target"])
        try:
            opts["thumbprint"] = certificate_thumbprint(target.hostname, target.port or 443, session.timeout)
        except (OSError, ssl.SSLError) as exc:
            raise OptionError("thumbprint", "the certificate of %s could not be read to take its thumbprint "
                                            "(%s): give thumbprint" % (opts["target"], exc)) from exc
    return opts


def with_version(session, dc, opts):
    """The options with the VIC version the VCH records (init/version): ``version`` when given, else the one
    the appliance ISO names in its publisher field, read as vic-machine reads it (from the datastore for an ISO
    already there)."""
    if "version" in opts or not opts.get("appliance_iso"):
        return opts
    iso = opts["appliance_iso"]
    try:
        if isinstance(iso, LocalIso):
            text = iso.version
        else:
            head = read_head(session, dc.name, iso, HEAD_LENGTH)
            if head is None:
                raise OptionError("appliance_iso", "%s is not on the datastore" % iso)
            text = publisher_version(head)
        if text is None:
            raise ValueError("it names no VIC version in its publisher field")
        build = parse_build(text)
    except ValueError as exc:
        raise OptionError("appliance_iso", "%s: %s; give version (v1.5.6-21187-5a57dcb0) to deploy it"
                          % (iso, exc)) from None
    return dict(opts, version=build)


def planned_uploads(name, store, opts):
    """(options with the ISOs given as files on the controller replaced by where they will be, [(option, local
    path, file name)]). As vic-machine, they go into the VCH's directory on its datastore (``store``), named after
    their version (``v1.5.6-21187-5a57dcb0-appliance.iso``); the directory is the VM's name until the VM is made
    and says where it really is (a UUID on vSAN)."""
    opts, uploads = dict(opts), []
    for option, role in (("appliance_iso", "appliance"), ("bootstrap_iso", "bootstrap")):
        iso = opts.get(option)
        if isinstance(iso, LocalIso):
            file_name = iso.uploaded_name(role, version_text(opts["version"]) if "version" in opts else "")
            opts[option] = "[%s] %s/%s" % (store.name, name, file_name)
            uploads.append((option, iso.path, file_name))
    return opts, uploads


def upload_isos(session, made, dc, vm_ref, uploads, opts):
    """Upload the ISOs into the new VM's directory, each noted in ``made`` (Creations) first so that a rollback
    removes it even when cut halfway; the options with the paths they have there."""
    directory = vm_directory(session, vm_ref)
    opts = dict(opts)
    for option, local_path, file_name in uploads:
        path = "%s/%s" % (directory, file_name)
        made.datastore_file(dc.ref, path)
        upload(session, dc.name, path, local_path, "uploading %s to %s" % (local_path, path))
        opts[option] = path
    return opts
