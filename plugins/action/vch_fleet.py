# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vic.vch.vch_fleet, done in the worker when the task runs on the controller (plugin_utils.on_controller)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.vic.vch.plugins.plugin_utils.on_controller import OnControllerAction


class ActionModule(OnControllerAction):
    module_name = "vch_fleet"
