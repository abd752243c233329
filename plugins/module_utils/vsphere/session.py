# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection to vCenter/ESXi: login, logout, the one retry policy, clear errors (no Ansible here: the connection
options live with the module base).

Login costs exactly two SOAP requests (RetrieveServiceContent, Login) and logout one, so a converged
module run stays within its budget: service content, login, one property retrieval, logout.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import http.client
import random
import socket
import ssl
import threading
import time

try:
    from pyVim.connect import SmartStubAdapter
    from pyVmomi import vim, vmodl
    HAS_PYVMOMI = True
    PYVMOMI_IMPORT_ERROR = None
except ImportError as exc:  # reported by the module, with the package to install
    HAS_PYVMOMI = False
    PYVMOMI_IMPORT_ERROR = exc

RETRY_ATTEMPTS = 4  # one try and three retries of a transient failure
DEFAULT_WAIT_TIMEOUT = 600  # seconds a task may take, unless the module's timeout says otherwise
RETRY_BASE_SECONDS = 0.2
RETRY_MAX_SECONDS = 2.0
# what a dropped or refused connection looks like from pyvmomi
_CONNECTION_ERRORS = (ConnectionError, socket.timeout, http.client.IncompleteRead, http.client.BadStatusLine,
                      ssl.SSLEOFError)


class VSphereError(Exception):
    """A vSphere call failed; the message says which step and why, never a credential."""


class ConcurrentChange(VSphereError):
    """vSphere refused a reconfigure: the VM changed since it was read (its changeVersion moved on)."""


class ConnectionLost(VSphereError):
    """The connection failed during a call that must not be repeated: it may or may not have been carried out.

    The caller finds out by reading what is there (the object a creation marks, a task's state, a power state).
    A vSphere fault, by contrast, is definite: the call was refused and nothing was done.
    """


def backoff(attempt):
    """Seconds to wait before retry ``attempt`` (1, 2, ...): exponential, capped, with full jitter."""
    return random.uniform(0, min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * (2 ** attempt)))


def _transient(exc):
    """Whether a failure may pass by itself: a dropped connection, a 503, a busy server."""
    if isinstance(exc, _CONNECTION_ERRORS):
        return True
    if isinstance(exc, http.client.HTTPException) and str(exc).startswith(("502", "503", "504")):
        return True
    return False


def fault_message(fault):
    """A vSphere fault as 'FaultName: message'."""
    name = type(fault).__name__.split(".")[-1]
    text = getattr(fault, "msg", None) or getattr(fault, "localizedMessage", None) or ""
    if not text and getattr(fault, "faultMessage", None):
        text = "; ".join(getattr(m, "message", "") or "" for m in fault.faultMessage)
    return "%s: %s" % (name, text) if text else name


def certificate_thumbprint(hostname, port, timeout=60):
    """The SHA-1 fingerprint of the certificate ``hostname:port`` presents, written as vSphere writes thumbprints
    (upper-case hex pairs joined by colons): what VIC's appliance checks its vCenter against, as vic-machine
    records it. Read without verifying: it is recorded, not trusted here."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((hostname, port), timeout=timeout) as raw:
        with context.wrap_socket(raw, server_hostname=hostname) as tls:
            der = tls.getpeercert(binary_form=True)
    digest = hashlib.sha1(der).hexdigest().upper()
    return ":".join(digest[index:index + 2] for index in range(0, len(digest), 2))


class Session:
    """One logged-in vSphere session; use as a context manager so it always logs out."""

    def __init__(self, hostname, username, password, port=443, validate_certs=True, timeout=60,
                 wait_timeout=DEFAULT_WAIT_TIMEOUT):
        self.hostname = hostname
        self.username = username
        self._password = password
        self.port = port
        self.validate_certs = validate_certs
        self.timeout = timeout  # of one HTTP request
        self.wait_timeout = wait_timeout  # of one wait on a task (a module's ``timeout`` where it has one)
        self.si = None
        self.content = None
        self.waiter = None  # a batch's vsphere.tasks.Waiter, through which all waits go while it runs
        # a batch's threads share the session: the first to find it expired logs in again, the others use that
        self._login_lock = threading.Lock()
        self.logins = 0

    @classmethod
    def from_params(cls, params):
        return cls(params["hostname"], params["username"], params["password"], params.get("port") or 443,
                   params.get("validate_certs", True), wait_timeout=params.get("timeout") or DEFAULT_WAIT_TIMEOUT)

    @property
    def url(self):
        """The endpoint as vic-machine records a target: https://host, with the port unless it is 443."""
        host = "[%s]" % self.hostname if ":" in self.hostname else self.hostname
        return "https://%s%s" % (host, "" if int(self.port) == 443 else ":%d" % int(self.port))

    def ssl_context(self):
        if self.validate_certs:
            return ssl.create_default_context()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context

    def login(self):
        where = "%s:%s" % (self.hostname, self.port)
        try:
            stub = SmartStubAdapter(host=self.hostname, port=self.port, sslContext=self.ssl_context(),
                                    httpConnectionTimeout=self.timeout)
            self.si = vim.ServiceInstance("ServiceInstance", stub)
            self.content = self.si.RetrieveContent()
            self.content.sessionManager.Login(self.username, self._password, None)
            self.logins += 1
        except vim.fault.InvalidLogin:
            raise VSphereError("cannot log in to %s as %s: wrong user name or password" % (where, self.username)) \
                from None  # the fault carries nothing more, and the traceback would show the login call
        except ssl.SSLCertVerificationError as exc:
            raise VSphereError("the certificate of %s could not be verified (%s); set validate_certs: false to "
                               "accept a self-signed certificate" % (where, exc.verify_message or exc)) from exc
        except ssl.SSLError as exc:
            raise VSphereError("TLS with %s failed: %s" % (where, exc)) from exc
        except (socket.gaierror, socket.herror) as exc:
            raise VSphereError("cannot resolve %s: %s" % (self.hostname, exc)) from exc
        except (ConnectionError, socket.timeout, OSError) as exc:
            raise VSphereError("cannot reach %s: %s" % (where, exc.strerror or exc)) from exc
        except vmodl.MethodFault as exc:
            raise VSphereError("login to %s failed: %s" % (where, fault_message(exc))) from exc
        except Exception as exc:  # pyVim reports an unreachable or non-vSphere endpoint this way
            if "is down or is not a VIM server" in str(exc):
                cause = exc.__cause__ or exc.__context__
                if isinstance(cause, ssl.SSLCertVerificationError):
                    raise VSphereError("the certificate of %s could not be verified (%s); set validate_certs: "
                                       "false to accept a self-signed certificate"
                                       % (where, cause.verify_message or cause)) from exc
                raise VSphereError("cannot reach %s: it is down or is not a vSphere endpoint" % where) from exc
            raise
        return self

    def logout(self):
        if self.content is not None:
            try:
                self.content.sessionManager.Logout()
            except Exception:  # the session may already be gone; nothing to undo
                pass
            self.content = None

    def call(self, what, function, *args, **kwargs):
        """``function(*args)`` under the one retry policy of the collection.

        Transient failures (a dropped connection, a 502/503/504) are retried with bounded, jittered backoff, and an
        expired session is logged in again once -- but only for idempotent calls: pass ``idempotent=False`` for a
        call that must not run twice (creating an object), which then fails at once, saying that it may or may
        not have been carried out. vSphere faults are not retried; they become VSphereError naming ``what``.
        """
        idempotent = kwargs.pop("idempotent", True)
        raw_faults = kwargs.pop("raw_faults", False)  # the caller handles vSphere faults itself
        relogged = False
        for attempt in range(1, RETRY_ATTEMPTS + 1):
            logins = self.logins
            try:
                return function(*args, **kwargs)
            except vim.fault.NotAuthenticated as exc:
                if relogged:
                    raise VSphereError("%s: the session was refused again after a fresh login" % what) from exc
                relogged = True
                # vCenter ends idle sessions: log in again and retry (the call was not carried out) -- unless
                # another thread of the batch did since this call was sent
                with self._login_lock:
                    if self.logins == logins:
                        self.login()
            except vim.fault.ConcurrentAccess as exc:
                raise ConcurrentChange("%s: the VM changed since it was read" % what) from exc
            except vmodl.MethodFault as exc:
                if raw_faults:
                    raise
                raise VSphereError("%s failed: %s" % (what, fault_message(exc))) from exc
            except Exception as exc:  # pyvmomi raises plain socket and http.client errors
                if not _transient(exc):
                    raise
                if not idempotent:
                    raise ConnectionLost("%s: the connection to %s failed (%s); the request may or may not have "
                                         "been carried out" % (what, self.hostname, exc or type(exc).__name__)) \
                        from exc
                if attempt == RETRY_ATTEMPTS:
                    raise VSphereError("%s: the connection to %s kept failing (%d attempts; last: %s)"
                                       % (what, self.hostname, RETRY_ATTEMPTS, exc or type(exc).__name__)) from exc
                time.sleep(backoff(attempt))
        raise AssertionError("unreachable")

    def __enter__(self):
        return self.login()

    def __exit__(self, *exc_info):
        self.logout()
        return False
