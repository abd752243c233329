# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""This collection's own record on a VCH it deployed: what vch_deploy made besides the appliance VM (its
resource pool, the folders of its ``folder`` path that did not exist), so that removal deletes exactly that.

VIC keeps no such record (vic-machine delete removes the VCH's pool and folder when they are empty, whoever made
them). The keys are hidden -- the guest never sees them -- and lie under their own prefix, outside VIC's
schema: VIC ignores them, and a VCH made by vic-machine simply has none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from typing import List

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import vic, vicstruct
from ansible_collections.vic.vch.plugins.module_utils.vic_schema.schemas import ManagedObjectReference

RECORD_PREFIX = "vic.vch"


@vicstruct
class DeployRecord:
    """What vch_deploy made for a VCH."""

    resource_pool: ManagedObjectReference = vic("made_pool", scope="hidden")
    # outermost first
    folders: List[ManagedObjectReference] = vic("made_folders", scope="hidden")
    # the ISOs it uploaded into the VCH's datastore directory ('[ds] dir/file')
    uploaded: List[str] = vic("uploaded_files", scope="hidden")
