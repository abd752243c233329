# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make this checkout importable as ``ansible_collections.vic.vch`` wherever it was cloned."""

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def collections_root():
    """A directory holding ansible_collections/vic/vch for this checkout (a symlink under .cache)."""
    parts = REPO_ROOT.split(os.sep)
    if parts[-3:] == ["ansible_collections", "vic", "vch"]:
        return os.sep.join(parts[:-3])  # the checkout already lives in a collection tree
    root = os.path.join(REPO_ROOT, ".cache", "collections")
    link = os.path.join(root, "ansible_collections", "vic", "vch")
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO_ROOT, link)
    return root


def ensure_importable():
    root = collections_root()
    if root not in sys.path:
        sys.path.insert(0, root)
    return root
