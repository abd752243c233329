# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The endpoint a session is connected to, written as vic-machine records a VCH's target; logging in again once when
threads sharing the session find it expired."""

import pytest

from ansible_collections.vic.vch.plugins.module_utils.vsphere.session import Session


@pytest.mark.parametrize("hostname, port, url", [
    ("vcenter.example.com", 443, "https://vcenter.example.com"),
    ("127.0.0.1", 8989, "https://127.0.0.1:8989"),
    ("127.0.0.1", "8443", "https://127.0.0.1:8443"),
    ("fd00::5", 443, "https://[fd00::5]"),
    ("fd00::5", 9443, "https://[fd00::5]:9443"),
])
def test_url(hostname, port, url):
    assert Session(hostname, "u", "p", port=port).url == url


def test_threads_that_find_the_session_expired_log_in_again_once():
    """A batch's threads share one session: when vCenter has ended it, each of their calls is refused, but only
    the first to see it logs in again; the others retry on that login."""
    import threading

    from pyVmomi import vim

    class Counting(Session):
        def login(self):
            self.logins += 1
            return self

    session = Counting("vc.example.com", "user", "password")
    barrier = threading.Barrier(4)
    refused = set()
    lock = threading.Lock()

    def call():
        def work():
            with lock:
                first = threading.get_ident() not in refused
                refused.add(threading.get_ident())
            if first:
                barrier.wait(5)  # all four sent before anyone logs in again
                raise vim.fault.NotAuthenticated()
            return "done"
        return session.call("reading", work)

    threads = [threading.Thread(target=lambda: results.append(call())) for _thread in range(4)]
    results = []
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == ["done"] * 4 and session.logins == 1
