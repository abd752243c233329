# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""vsphere_module: the connection options added to a module's own."""

from ansible.module_utils.testing import patch_module_args

from ansible_collections.vic.vch.plugins.module_utils.containervm.options import CONTAINERVM_ARGUMENT_SPEC
from ansible_collections.vic.vch.plugins.module_utils.module_base import vsphere_module

CONNECTION = dict(hostname="vc.example.com", username="administrator@vsphere.local", password="secret")


def test_connection_alias_user():
    args = dict(hostname="vc.example.com", user="admin@vsphere.local", password="secret", name="x")
    with patch_module_args(args):
        module = vsphere_module(dict(name=dict(type="str")))
    assert module.params["username"] == "admin@vsphere.local"


def test_module_option_user_is_not_the_connection_user():
    """containervm_config's ``user`` (the container's user) leaves the login user alone."""
    with patch_module_args(dict(CONNECTION, name="web-1", user="nobody")):
        module = vsphere_module(CONTAINERVM_ARGUMENT_SPEC, supports_check_mode=True)
    assert module.params["username"] == "administrator@vsphere.local"
    assert module.params["user"] == "nobody"


def test_connection_optional():
    with patch_module_args(dict(source="guest")):
        module = vsphere_module(dict(source=dict(type="str")), connection_required=False)
    assert module.params["hostname"] is None and module.params["port"] == 443
