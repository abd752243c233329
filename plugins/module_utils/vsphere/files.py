# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A VM's files through vSphere's datastore file API (https://HOST/folder/PATH?dcPath=DC&dsName=DS).

Real vCenter does not return guestinfo.ovfEnv (where VIC keeps the key of secret values) in config.extraConfig;
the VM's .vmx file still holds it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import http.client
import os
import re

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote

try:
    from pyVmomi import vim
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import VSphereError
from ansible_collections.vic.vch.plugins.module_utils.vsphere.tasks import run_task

_DATASTORE_PATH = re.compile(r"\[([^\]]+)\]\s*(.+)")
_VMX_LINE = re.compile(r'\s*([^=\s]+)\s*=\s*"(.*)"\s*')
_VMX_ESCAPE = re.compile(r"\|([0-9A-Fa-f]{2})")


def parse_vmx(text):
    """{key: value} of a .vmx file (keys as written; the vmx '|XX' escapes undone)."""
    out = {}
    for line in text.splitlines():
        match = _VMX_LINE.fullmatch(line)
        if match:
            out[match.group(1)] = _VMX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), match.group(2))
    return out


def _datacenter_name(session, vm_ref):
    node = session.call("finding the datacenter of %s" % vm_ref._moId, getattr, vm_ref, "parent")
    while node is not None and not isinstance(node, vim.Datacenter):
        node = session.call("finding the datacenter of %s" % vm_ref._moId, getattr, node, "parent")
    if node is None:
        raise VSphereError("VM %s is in no datacenter" % vm_ref._moId)
    return session.call("finding the datacenter of %s" % vm_ref._moId, getattr, node, "name")


def vmx_reader(session, vm_ref):
    """A function ``key -> value or None`` reading the VM's .vmx file once, when first asked."""
    cache = {}

    def read(key):
        if "vmx" not in cache:
            cache["vmx"] = parse_vmx(_download_vmx(session, vm_ref))
        return cache["vmx"].get(key)
    return read


def parse_datastore_path(text):
    """(datastore, path) of ``[datastore] path``; None when ``text`` is not one."""
    match = _DATASTORE_PATH.fullmatch(text or "")
    return match.groups() if match else None


def _connection(session):
    """An HTTPS connection to the session's endpoint, for the datastore file API (the session's cookie goes with
    each request)."""
    return http.client.HTTPSConnection(session.hostname, session.port, context=session.ssl_context(),
                                       timeout=session.timeout)


def _file_url(datacenter, datastore, path):
    return "/folder/%s?dcPath=%s&dsName=%s" % (quote(path), quote(datacenter, safe=""), quote(datastore, safe=""))


def read_head(session, datacenter, datastore_path, length):
    """The first ``length`` bytes of a datastore file (``[ds] path``, in ``datacenter``): a Range request, and if
    the server sends the whole file anyway, only that much of it is read. None when the file is not there."""
    datastore, path = parse_datastore_path(datastore_path)
    what = "reading %s" % datastore_path

    def get():
        connection = _connection(session)
        try:
            connection.request("GET", _file_url(datacenter, datastore, path),
                               headers={"Cookie": session.si._stub.cookie, "Range": "bytes=0-%d" % (length - 1)})
            response = connection.getresponse()
            if response.status == 404:
                return None
            if response.status not in (200, 206):
                raise VSphereError("%s: the datastore answered %d %s" % (what, response.status, response.reason))
            chunks, size = [], 0
            while size < length:
                chunk = response.read(min(65536, length - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            return b"".join(chunks)
        finally:
            connection.close()
    return session.call(what, get)


def upload(session, datacenter, datastore_path, local_path, what):
    """Put the controller's file ``local_path`` at ``datastore_path`` (``[ds] dir/file``, in ``datacenter``),
    streamed from disk (never whole in memory); an existing file is replaced. Retried as one idempotent call,
    and a retry first looks at what is there: after a lost reply the upload may have landed, and the same file
    (size and SHA-256) is not sent again."""
    datastore, path = parse_datastore_path(datastore_path)
    attempts = []

    def put():
        attempts.append(None)
        if len(attempts) > 1 and holds(session, datacenter, datastore_path, local_path):
            return
        connection = _connection(session)
        try:
            with open(local_path, "rb") as source:
                connection.request("PUT", _file_url(datacenter, datastore, path), body=source, headers={
                    "Cookie": session.si._stub.cookie, "Content-Type": "application/octet-stream",
                    "Content-Length": str(os.fstat(source.fileno()).st_size)})
            response = connection.getresponse()
            response.read()
        finally:
            connection.close()
        if response.status not in (200, 201, 204):
            raise VSphereError("%s: the datastore answered %d %s" % (what, response.status, response.reason))
    session.call(what, put)


def holds(session, datacenter, datastore_path, local_path):
    """Whether the datastore file at ``datastore_path`` is the controller's file ``local_path``: the same size
    (told by the reply's length, before any content is read) and the same SHA-256, both streamed."""
    datastore, path = parse_datastore_path(datastore_path)
    size = os.path.getsize(local_path)
    connection = _connection(session)
    try:
        connection.request("GET", _file_url(datacenter, datastore, path),
                           headers={"Cookie": session.si._stub.cookie})
        response = connection.getresponse()
        if response.status != 200 or response.getheader("Content-Length") != str(size):
            return False
        remote = _sha256(response)
    finally:
        connection.close()
    with open(local_path, "rb") as source:
        return remote == _sha256(source)


def _sha256(stream):
    """The SHA-256 of what ``stream`` (a file or an HTTP response) reads, a MiB at a time."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    return digest.digest()


def delete_file(session, datacenter_ref, datastore_path, what):
    """Delete a datastore file; one that is already gone is fine."""
    manager = session.content.fileManager
    try:
        run_task(session, manager.DeleteDatastoreFile_Task, what, datastore_path, datacenter_ref)
    except VSphereError as exc:
        if "FileNotFound" not in str(exc) and "was not found" not in str(exc):
            raise


def _vmx_location(session, vm_ref, what):
    """(datastore, path) of a VM's .vmx file, as vSphere says where it is."""
    vmx_path = session.call(what, lambda: vm_ref.config.files.vmPathName)
    location = parse_datastore_path(vmx_path)
    if location is None:
        raise VSphereError("%s: unexpected path %r" % (what, vmx_path))
    return location


def vm_directory(session, vm_ref):
    """The datastore directory of a VM (``[ds] dir``): its name's on most datastores, a UUID on vSAN."""
    datastore, path = _vmx_location(session, vm_ref, "reading where VM %s lives" % vm_ref._moId)
    return "[%s] %s" % (datastore, path.rsplit("/", 1)[0] if "/" in path else "")


def _download_vmx(session, vm_ref):
    what = "reading the .vmx of %s" % vm_ref._moId
    datastore, path = _vmx_location(session, vm_ref, what)
    url = _file_url(_datacenter_name(session, vm_ref), datastore, path)

    def get():
        connection = _connection(session)
        try:
            connection.request("GET", url, headers={"Cookie": session.si._stub.cookie})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise VSphereError("%s: the datastore answered %d %s" % (what, response.status, response.reason))
        return body.decode("utf-8", "replace")
    return session.call(what, get)
