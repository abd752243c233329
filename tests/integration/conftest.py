# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the vcsim test bed (tests/support/vcsim.py).

- ``vcsim``: one simulator for the whole session, with the test bed inventory (vcsim.TESTBED_NAMES): datacenter
  DC0, cluster DC0_C0 of hosts DC0_C0_H0 and DC0_C0_H1, standalone host DC0_H0, datastores LocalDS_0 and
  LocalDS_1, networks "VM Network" and DC0_DVPG0..2 on DVS0, no VMs. Tests must leave it as they found it.
- ``fresh_vcsim``: a simulator of its own, same inventory, for tests that change the inventory.
- ``si``: a pyvmomi ServiceInstance logged in to ``vcsim``.
"""

import pytest
from pyVim.connect import Disconnect
from tests.support.vcsim import Vcsim


@pytest.fixture(scope="session")
def vcsim():
    with Vcsim() as vc:
        yield vc


@pytest.fixture
def fresh_vcsim():
    with Vcsim() as vc:
        yield vc


@pytest.fixture
def si(vcsim):
    service_instance = vcsim.connect()
    yield service_instance
    Disconnect(service_instance)
