# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tests/ is a package (the repository root is on sys.path, see pyproject.toml): helpers are imported as
tests.support.*; this checkout is made importable as ansible_collections.vic.vch."""

from tests.support.collection_path import ensure_importable

ensure_importable()
