# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every vic.vch module takes (names and fallbacks as in vmware.vmware)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  hostname:
    description:
      - The vCenter or ESXi server to connect to.
      - If not set, the environment variable E(VMWARE_HOST) is used.
    type: str
    required: true
  username:
    description:
      - The user to log in as.
      - If not set, the environment variable E(VMWARE_USER) is used.
    type: str
    required: true
    aliases: [admin, user]
  password:
    description:
      - The password of O(username).
      - If not set, the environment variable E(VMWARE_PASSWORD) is used.
    type: str
    required: true
    aliases: [pass, pwd]
  port:
    description:
      - The port of the vSphere API.
      - If not set, the environment variable E(VMWARE_PORT) is used.
    type: int
    default: 443
  validate_certs:
    description:
      - Whether the server's TLS certificate must be valid. Set to V(false) only for a self-signed
        certificate you trust (a lab, the vCenter simulator).
      - If not set, the environment variable E(VMWARE_VALIDATE_CERTS) is used.
    type: bool
    default: true
notes:
  - All modules of this collection take these options; set them once for a play with
    C(module_defaults) and the action group C(group/vic.vch.vsphere).
requirements:
  - pyvmomi >= 8.0.1.0
  - PyNaCl >= 1.5 (for secret values, as VIC seals them)
"""
