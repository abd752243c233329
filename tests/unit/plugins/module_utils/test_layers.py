# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The house rules of plugins/, read from the source (docs/architecture.md explains them):

- imports point down only: action -> plugin_utils, inventory, modules -> module_base -> vch / containervm / guestinfo
  -> writer -> vsphere, vic_schema and options -> extraconfig; nothing imports a package of its own layer or above;
- the codec is standard library only; pyVmomi only under vsphere/; Ansible only in module_base, the modules and
  the controller's plugins (action, plugin_utils, inventory);
- a package's private modules (``_name``) are imported only from inside that package;
- no wire key is spelled outside extraconfig/ and vic_schema/.
"""

import ast
import os
import sys

import pytest

from tests.support.collection_path import REPO_ROOT

PLUGINS = os.path.join(REPO_ROOT, "plugins")
MODULE_UTILS = os.path.join(PLUGINS, "module_utils")
PACKAGE = "ansible_collections.vic.vch.plugins.module_utils"

# the layer of each unit of module_utils (a package or a top-level module); a unit imports only lower layers
LAYERS = {
    "extraconfig": 0,
    "vic_schema": 1, "options": 1, "vsphere": 1,
    "writer": 2,
    "vch": 3, "containervm": 3, "guestinfo": 3,
    "module_base": 4,
}
MODULES_LAYER = 5  # plugins/modules
# the controller's side: plugin_utils (beside the modules), the action plugins over it, the inventory plugin
CONTROLLER_LAYERS = {"plugin_utils": 5, "inventory": 5, "action": 6}
WIRE_KEY_MARKERS = ("guestinfo.", "vice.")


def python_files(top):
    for root, _dirs, files in os.walk(top):
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def unit_of(path):
    """('vsphere', 1) for plugins/module_utils/vsphere/session.py; ('modules', 5) for a module."""
    rel = os.path.relpath(path, PLUGINS).split(os.sep)
    if rel[0] == "modules":
        return "modules", MODULES_LAYER
    if rel[0] in CONTROLLER_LAYERS:
        return rel[0], CONTROLLER_LAYERS[rel[0]]
    if rel[0] != "module_utils":
        return rel[0], None  # doc_fragments: documentation only
    unit = rel[1][:-3] if rel[1].endswith(".py") else rel[1]
    return unit, LAYERS.get(unit)


def imports(path):
    """Every module name ``path`` imports, absolute (relative imports are not used in plugins/)."""
    tree = ast.parse(open(path).read(), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "%s:%d: relative import" % (path, node.lineno)
            for alias in node.names:
                yield node.lineno, "%s.%s" % (node.module, alias.name)


def local_parts(name):
    """'vsphere.session.Session' for an import of our module_utils, else None."""
    if not name.startswith(PACKAGE + "."):
        return None
    return name[len(PACKAGE) + 1:].split(".")


ALL_FILES = list(python_files(PLUGINS))


def test_every_unit_of_module_utils_has_a_layer():
    units = set(unit_of(path)[0] for path in python_files(MODULE_UTILS))
    assert units <= set(LAYERS), "give these a layer (and a place in docs/architecture.md): %s" % (
        sorted(units - set(LAYERS)))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: os.path.relpath(p, PLUGINS))
def test_imports_point_down(path):
    unit, layer = unit_of(path)
    wrong = []
    for lineno, name in imports(path):
        parts = local_parts(name)
        if parts is None:
            continue
        target = parts[0]
        if target == unit:
            continue
        if layer is None or LAYERS[target] >= layer:
            wrong.append("line %d: %s (layer %s) imports %s (layer %d)"
                         % (lineno, unit, layer, target, LAYERS[target]))
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: os.path.relpath(p, PLUGINS))
def test_private_modules_stay_private(path):
    rel = os.path.relpath(path, MODULE_UTILS).split(os.sep)
    wrong = []
    for lineno, name in imports(path):
        parts = local_parts(name)
        if parts is None:
            continue
        for depth, part in enumerate(parts):
            if part.startswith("_") and not part.startswith("__"):
                owner = parts[:depth]  # the package the private module belongs to
                if rel[:len(owner)] != owner:
                    wrong.append("line %d: %s" % (lineno, name))
                break
    assert not wrong, "private modules imported from outside their package:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: os.path.relpath(p, PLUGINS))
def test_third_party_imports_stay_in_their_layer(path):
    unit, _layer = unit_of(path)
    wrong = []
    for lineno, name in imports(path):
        top = name.split(".")[0]
        if top in ("pyVmomi", "pyVim") and unit != "vsphere":
            wrong.append("line %d: pyVmomi outside vsphere/: %s" % (lineno, name))
        if top == "ansible" and unit not in ("module_base", "modules", "doc_fragments") + tuple(CONTROLLER_LAYERS):
            wrong.append("line %d: Ansible outside module_base and the modules: %s" % (lineno, name))
        if unit == "extraconfig" and local_parts(name) is None and top not in sys.stdlib_module_names \
                and top != "__future__":
            wrong.append("line %d: the codec is standard library only: %s" % (lineno, name))
    assert not wrong, "\n".join(wrong)


def string_constants(path):
    """The string literals of a file, docstrings left out (they may name keys to explain them)."""
    tree = ast.parse(open(path).read(), path)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            docstrings.add(id(node.body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


@pytest.mark.parametrize("path", [p for p in ALL_FILES if unit_of(p)[0] not in ("extraconfig", "vic_schema")
                                  and os.path.relpath(p, PLUGINS).startswith("module_utils")],
                         ids=lambda p: os.path.relpath(p, PLUGINS))
def test_no_wire_key_is_spelled_outside_the_codec_and_the_schemas(path):
    wrong = ["line %d: %r" % (lineno, value) for lineno, value in string_constants(path)
             if any(marker in value for marker in WIRE_KEY_MARKERS)]
    assert not wrong, "derive keys from the schema (extraconfig.key_of, field_keys) instead:\n" + "\n".join(wrong)


def test_the_rules_catch_what_they_forbid(tmp_path):
    """The checks above find a wrong import and a spelled key (a test that cannot fail is no test)."""
    bad = tmp_path / "bad.py"
    bad.write_text("from %s.vch.options import X\nfrom %s.extraconfig._keys import Y\nKEY = 'guestinfo.vice./x'\n"
                   % (PACKAGE, PACKAGE))
    names = [name for _lineno, name in imports(str(bad))]
    assert local_parts(names[0])[0] == "vch" and LAYERS["vch"] > LAYERS["writer"]
    assert local_parts(names[1])[1].startswith("_")
    assert [v for _l, v in string_constants(str(bad)) if "guestinfo." in v] == ["guestinfo.vice./x"]
