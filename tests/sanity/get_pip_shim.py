# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stand-in for the get-pip.py that ansible-test downloads from ci-files.testing.ansible.com.

tests/sanity/run copies it to ~/.ansible/test/cache/get_pip_<version>.py, where ansible-test looks for the
script before downloading it. ansible-test runs it as ``__main__`` (through its quiet_pip.py) with pip install
arguments, e.g. ``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``. This script bootstraps
the pip that Python bundles (ensurepip, no network) into the running interpreter, then runs
``python -m pip install`` with those arguments (without get-pip's own flags), which fetches the wanted pip
from the package index; with ``--no-setuptools`` it removes the setuptools ensurepip brings along.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ensurepip
import os
import subprocess
import sys

GET_PIP_ONLY = frozenset(("--no-setuptools", "--no-wheel", "--no-pip"))


def main(argv):
    # ensurepip points PIP_CONFIG_FILE at os.devnull and drops PIP_* variables in os.environ; the pip runs
    # after it get the environment (and so the pip configuration: index, certificates) as it was
    env = dict(os.environ)
    ensurepip.bootstrap(upgrade=False, default_pip=False, verbosity=0)
    args = [arg for arg in argv if arg not in GET_PIP_ONLY]
    status = subprocess.call([sys.executable, "-m", "pip", "install"] + args, env=env)
    if status == 0 and "--no-setuptools" in argv:
        # ensurepip of Python < 3.12 also installs its bundled setuptools, which get-pip.py would have left out
        status = subprocess.call([sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"],
                                 env=env)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
