# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VMware VIC's configuration schemas (``VCHConfig``, ``ExecutorConfig`` and their parts, in ``schemas``) and what
the guests publish at run time, derived from them (``published``).

This import path is a public contract: tests outside this repository import ``VCHConfig`` and ``ExecutorConfig``
from here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.module_utils.vic_schema.schemas import (  # noqa: F401
    ManagedObjectReference, Build, IPRange, Common, ExecutorConfigCommon, SysLogConfig, ExitLog, Diagnostics,
    MountSpec, Cmd, Detail, SessionConfig, ContainerNetworkAssigned, ContainerNetwork, NetworkEndpoint,
    ExecutorConfig, Connection, MailAddress, Contacts, RawCertificate, Certificate, Storage, Network, SharesInfo,
    ResourceAllocationInfo, Resources, Container, Registry, VCHConfig)
