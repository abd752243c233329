# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one builder of module arguments for the test bed (vcsim's DC0: cluster DC0_C0, datastore LocalDS_0, port
groups DC0_DVPG0..2): the least a VCH or a containerVM needs there, plus what a test adds.

An option given as None is left out, so a test can remove one of the defaults.
"""

from tests.support.iso import appliance_iso_file
from tests.support.scratch import bed_certificates

VCH_DEFAULTS = dict(name="vch-1", datacenter="DC0", cluster="DC0_C0", datastore="LocalDS_0",
                    bridge_network="DC0_DVPG0")
CONTAINERVM_DEFAULTS = dict(name="web-1", vch="vch-1", command={"path": "/bin/true"})


def _build(defaults, connection, options):
    args = dict(connection or {})
    args.update(defaults)
    args.update(options)
    return dict((key, value) for key, value in args.items() if value is not None)


def vch_args(connection=None, **options):
    """vch_deploy's arguments: ``connection`` (a Vcsim's or a proxy's connection_params()), the test bed's
    placement, appliance ISO and Docker API certificates (for the common name the options give the VCH), then
    ``options``."""
    defaults = dict(VCH_DEFAULTS, appliance_iso=appliance_iso_file())
    if "tls_cert_path" not in options:
        defaults["tls_cert_path"] = bed_certificates(_common_name(options))
    return _build(defaults, connection, options)


def _common_name(options):
    """The common name a VCH with these options gets by default (vch_deploy's rule: a static address), or the
    test bed's name."""
    from ansible_collections.vic.vch.plugins.module_utils.options import OptionError
    from ansible_collections.vic.vch.plugins.module_utils.vch.options import validate
    from ansible_collections.vic.vch.plugins.module_utils.vch.tls import default_cname
    networks = dict((key, options[key]) for key in ("public_network", "client_network", "management_network")
                    if options.get(key) is not None)
    try:
        given = default_cname(validate(dict(networks, bridge_network="bridge")))
    except OptionError:  # a test of bad input: the module refuses it before certificates matter
        given = None
    return options.get("tls_cname") or given or "vch.vic.test"


def containervm_args(connection=None, **options):
    """containervm_config's arguments: ``connection``, a containerVM web-1 of vch-1 running /bin/true, then
    ``options``."""
    return _build(CONTAINERVM_DEFAULTS, connection, options)
