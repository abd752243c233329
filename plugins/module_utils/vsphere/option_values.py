# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vSphere's OptionValue lists and the codec's {key: value} maps, both ways, in one place.

Reading, ``extra_config_map`` is the codec's own source (it takes anything with ``.key``/``.value``, undoing the
<nil> escape); writing, the codec's change sets and sealed values are already escaped and only need wrapping in
pyVmomi's OptionValue, which the codec, being standard library only, never imports.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from pyVmomi import vim
except ImportError:  # reported by the module (see vsphere.session.HAS_PYVMOMI)
    pass

from ansible_collections.vic.vch.plugins.module_utils.extraconfig import extra_config_map

__all__ = ("extra_config_map", "option_values")  # the reading side is the codec's own source, re-exported


def option_values(pairs):
    """[(key, wire value)] -> [vim.option.OptionValue], in the order given."""
    return [vim.option.OptionValue(key=key, value=value) for key, value in pairs]
