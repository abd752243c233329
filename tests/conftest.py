# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make this checkout importable as ``ansible_collections.vic.vch`` wherever it was cloned."""

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collection_root():
    # a checkout that already lives at .../ansible_collections/vic/vch needs nothing
    parts = REPO_ROOT.split(os.sep)
    if parts[-3:-1] == ["ansible_collections", "vic"] and parts[-1] == "vch":
        return os.sep.join(parts[:-3])
    root = os.path.join(REPO_ROOT, ".cache", "collections")
    link = os.path.join(root, "ansible_collections", "vic", "vch")
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO_ROOT, link)
    return root


sys.path.insert(0, _collection_root())
