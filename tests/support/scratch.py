# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scratch folders of this test process, removed when it ends: the demo VCH's certificates (which would land
beside the checkout's playbooks), and sets of Docker API certificates the test bed's VCHs reuse.
"""

import atexit
import os
import shutil
import tempfile
import threading

_ROOT = []
_MAKING = threading.Lock()  # two tests' threads asking for the same certificates at once make them once


def scratch(*parts):
    """A folder under this process's scratch root (made when missing)."""
    if not _ROOT:
        _ROOT.append(tempfile.mkdtemp(prefix="vic-vch-tests-"))
        atexit.register(shutil.rmtree, _ROOT[0], True)
    path = os.path.join(_ROOT[0], *parts)
    os.makedirs(path, exist_ok=True)
    return path


def bed_certificates(cname="vch.vic.test"):
    """A folder holding a CA, a server certificate for ``cname`` and a client certificate, made once per name,
    as vch_deploy generates them: given as tls_cert_path, a VCH reuses them (one whose address comes from DHCP
    then needs no tls_cname, which, given to an existing VCH, is compared with its certificate)."""
    path = os.path.join(scratch(), "certs", cname)
    with _MAKING:
        if os.path.isdir(path):
            return path
        from ansible_collections.vic.vch.plugins.module_utils.vch import tls
        from ansible_collections.vic.vch.plugins.module_utils.vch.options import validate
        opts = validate({"bridge_network": "bridge", "tls_cname": cname, "tls_cert_path": path})
        tls.for_creation("vch", opts["tls"], opts).save()
    return path
