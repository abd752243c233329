# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fault-injecting HTTPS proxy between pyvmomi and vcsim, on 127.0.0.1 only.

It counts SOAP requests per method and, on demand: delays them, resets the connection at the N-th request or at a
method (before forwarding it), loses the reply of the N-th request or of a method (forwarded and carried out by
vcsim, then the connection reset instead of the answer), answers a SOAP fault or an HTTP status instead of
forwarding, hides extraConfig keys from what vSphere returns (as real vCenter hides guestinfo.ovfEnv), and
emulates real vCenter's optimistic concurrency, which vcsim lacks: a ReconfigVM_Task whose spec carries a
changeVersion other than the VM's current one gets a ConcurrentAccess fault.

    with SoapProxy(vc) as proxy:
        proxy.reset_at(3)                       # the 3rd request: connection dropped
        proxy.fault_on("ReconfigVM_Task", "TaskInProgress")
        run_module(..., proxy.connection_params())
        proxy.count("ReconfigVM_Task")
"""

import http.client
import http.server
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections import Counter

_METHOD = re.compile(rb"<(?:\w+:)?Body>\s*<(\w+)")
_THIS = re.compile(rb'<_this[^>]*type="VirtualMachine"[^>]*>([^<]+)</_this>')
_CHANGE_VERSION = re.compile(rb"<changeVersion>([^<]*)</changeVersion>")
_SESSION = re.compile(r"vmware_soap_session=\"?([^\";]+)")
_FAULTS = {
    "ConcurrentAccess": "Cannot complete operation due to concurrent modification by another operation.",
    "TaskInProgress": "The operation is not allowed in the current state.",
    "InvalidState": "The operation is not allowed in the current state.",
    "NotAuthenticated": "The session is not authenticated.",
}


def soap_fault(name, message=None):
    """A vim25 SOAP fault envelope pyvmomi turns into vim.fault.<name>."""
    message = message or _FAULTS.get(name, name)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>%s</faultstring>'
            '<detail><%sFault xmlns="urn:vim25" xsi:type="%s"></%sFault></detail></soapenv:Fault>'
            '</soapenv:Body></soapenv:Envelope>' % (message, name, name, name)).encode("utf-8")


def _self_signed(directory):
    cert, key = os.path.join(directory, "proxy.crt"), os.path.join(directory, "proxy.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


class _Rule:
    def __init__(self, action, method=None, at=None, times=1, value=None):
        self.action, self.method, self.at, self.times, self.value = action, method, at, times, value

    def matches(self, number, method):
        if self.times == 0:
            return False
        if self.at is not None:
            return number == self.at
        return self.method is None or self.method == method


class SoapProxy:
    def __init__(self, vcsim, emulate_change_version=True):
        self.upstream = (vcsim.hostname, vcsim.port)
        self.vcsim = vcsim
        self.emulate_change_version = emulate_change_version
        self.hidden_keys = set()
        self.rules = []
        self.methods = []  # every SOAP method seen, in order (including the ones answered by a rule)
        self.injected = Counter()
        self._lock = threading.Lock()
        self._reconfigure_lock = threading.Lock()  # vCenter applies one reconfigure of a VM at a time
        self._dir = tempfile.mkdtemp(prefix="vic-proxy-")
        cert, key = _self_signed(self._dir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    # -- what to inject ------------------------------------------------------------------------------------
    def reset_at(self, number):
        """Drop the connection of the ``number``-th request (1-based), without forwarding it."""
        self.rules.append(_Rule("reset", at=number))

    def reset_on(self, method, times=1):
        self.rules.append(_Rule("reset", method=method, times=times))

    def lose_reply_at(self, number):
        """Forward the ``number``-th request (vcsim carries it out), then drop the connection instead of replying."""
        self.rules.append(_Rule("lose", at=number))

    def lose_reply_on(self, method, times=1):
        self.rules.append(_Rule("lose", method=method, times=times))

    def fault_on(self, method, fault, times=1, message=None):
        self.rules.append(_Rule("fault", method=method, times=times, value=(fault, message)))

    def status_on(self, method, status=503, times=1):
        self.rules.append(_Rule("status", method=method, times=times, value=status))

    def delay(self, seconds, method=None, times=-1):
        self.rules.append(_Rule("delay", method=method, times=times, value=seconds))

    def hide_key(self, key):
        """Leave ``key`` out of every extraConfig vSphere returns (real vCenter hides guestinfo.ovfEnv)."""
        self.hidden_keys.add(key)

    def clear(self):
        self.rules = []

    # -- what happened --------------------------------------------------------------------------------------
    def count(self, method=None):
        with self._lock:
            return len(self.methods) if method is None else self.methods.count(method)

    def connection_params(self):
        params = self.vcsim.connection_params()
        params.update(hostname="127.0.0.1", port=self.port)
        return params

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- the proxy ------------------------------------------------------------------------------------------
    def _take(self, number, method):
        """The rules that apply to this request (each used once, unless unlimited)."""
        taken = []
        with self._lock:
            for rule in self.rules:
                if rule.matches(number, method):
                    taken.append(rule)
                    if rule.times > 0:
                        rule.times -= 1
        return taken

    def _forward(self, command, path, headers, body):
        connection = http.client.HTTPSConnection(*self.upstream, context=ssl._create_unverified_context(),
                                                 timeout=120)
        try:
            connection.request(command, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def _current_change_version(self, moid, headers):
        body = ('<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope '
                'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
                '<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this>'
                '<specSet><propSet><type>VirtualMachine</type><pathSet>config.changeVersion</pathSet></propSet>'
                '<objectSet><obj type="VirtualMachine">%s</obj></objectSet></specSet><options></options>'
                '</RetrievePropertiesEx></soapenv:Body></soapenv:Envelope>' % moid.decode()).encode()
        _status, _headers, reply = self._forward("POST", "/sdk", headers, body)
        found = re.search(rb"<val[^>]*>([^<]*)</val>", reply)
        return found.group(1) if found else None

    def _hide(self, reply):
        for key in self.hidden_keys:
            reply = re.sub(rb"<OptionValue[^>]*><key>%s</key>.*?</OptionValue>" % re.escape(key.encode()), b"",
                           reply, flags=re.DOTALL)
        return reply

    def _handler_class(self):
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _relay(self, command):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                found = _METHOD.search(body or b"")
                method = found.group(1).decode() if found else "%s %s" % (command, self.path.split("?")[0])
                with proxy._lock:
                    proxy.methods.append(method)
                    number = len(proxy.methods)
                headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in ("host", "content-length"))
                lose_reply = False
                for rule in proxy._take(number, method):
                    proxy.injected[rule.action] += 1
                    if rule.action == "delay":
                        time.sleep(rule.value)
                    elif rule.action == "reset":
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        return
                    elif rule.action == "fault":
                        return self._reply(500, soap_fault(*rule.value))
                    elif rule.action == "status":
                        return self._reply(rule.value, b"Service Unavailable")
                    elif rule.action == "lose":
                        lose_reply = True
                if method == "ReconfigVM_Task" and proxy.emulate_change_version:
                    with proxy._reconfigure_lock:
                        wanted = _CHANGE_VERSION.search(body)
                        if wanted is not None and wanted.group(1):
                            current = proxy._current_change_version(_THIS.search(body).group(1), headers)
                            if current is not None and current != wanted.group(1):
                                proxy.injected["ConcurrentAccess"] += 1
                                return self._reply(500, soap_fault("ConcurrentAccess"))
                        status, reply_headers, reply = proxy._forward(command, self.path, headers, body)
                else:
                    status, reply_headers, reply = proxy._forward(command, self.path, headers, body)
                if lose_reply:  # done upstream; the answer never arrives
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if proxy.hidden_keys:
                    reply = proxy._hide(reply)
                self._reply(status, reply, reply_headers)

            def _reply(self, status, body, headers=()):
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                if not any(name.lower() == "content-type" for name, _v in headers):
                    self.send_header("Content-Type", "text/xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                self._relay("POST")

            def do_GET(self):
                self._relay("GET")

            def do_PUT(self):
                self._relay("PUT")

        return Handler
