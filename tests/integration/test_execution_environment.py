# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment (execution-environment/): ansible-builder makes its build context from a fresh copy
of the checkout, with the collection in it; and what ansible-builder's own introspection reads from the installed
collection -- the Python packages and system packages the image gets -- is what the modules need. (No container
engine here: the image itself is not built.)"""

import os
import shutil
import subprocess
import sys
import tarfile

from tests.support.collection_path import REPO_ROOT

BIN = os.path.dirname(sys.executable)


def run(*cmd, cwd=None):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, (cmd, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


def test_ansible_builder_makes_the_context_and_finds_what_the_collection_needs(tmp_path):
    checkout = tmp_path / "checkout"
    run("git", "clone", "-q", REPO_ROOT, str(checkout))
    for path in ("execution-environment", "meta", "bindep.txt", "requirements.txt", "galaxy.yml"):
        source = os.path.join(REPO_ROOT, path)  # what is being tested, committed or not
        target = checkout / path
        if os.path.isdir(source):
            shutil.rmtree(str(target), ignore_errors=True)
            shutil.copytree(source, str(target), ignore=shutil.ignore_patterns("context", "*.tar.gz"))
        else:
            shutil.copy(source, str(target))
    out = run("bash", str(checkout / "execution-environment" / "build"), "create")
    assert "Complete! The build context can be found at" in out
    context = checkout / "execution-environment" / "context"
    containerfile = (context / "Dockerfile").read_text() if (context / "Dockerfile").exists() else \
        (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile and "introspect.py introspect" in containerfile
    assert (context / "_build" / "requirements.yml").read_text().count("collections/vic-vch.tar.gz") == 1
    tarball = context / "_build" / "collections" / "vic-vch.tar.gz"
    with tarfile.open(str(tarball)) as archive:
        names = archive.getnames()
    assert {"meta/execution-environment.yml", "requirements.txt", "bindep.txt", "MANIFEST.json",
            "plugins/modules/vch_deploy.py"} <= set(names)
    assert not [n for n in names if n.startswith(("execution-environment/context", ".venv", ".cache"))]

    # what the image gets, as ansible-builder reads it from the installed collection
    collections = tmp_path / "collections"
    # --force: the tests' own copy of vic.vch is on ANSIBLE_COLLECTIONS_PATH, and would count as installed
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--force", str(tarball), "-p",
        str(collections))
    found = run(sys.executable, str(context / "_build" / "scripts" / "introspect.py"), "introspect",
                str(collections))
    for package in ("pyvmomi", "PyNaCl", "cryptography", "libsodium-devel [compile platform:rpm]"):
        assert "- '%s" % package in found, found
