#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Loopback HTTP server for the driver-loader tests (standard library only).

Serves files below --root. The first path component picks a behaviour:
  /404/...        always 404
  /500/...        always 500
  /hang/...       accepts the request and never answers (until the server stops)
  /truncate/REST  serves the file REST with its full Content-Length but only half the body
  /redirect/PORT/REST  302 to http://127.0.0.1:PORT/REST
  anything else   the file under --root (404 when missing)
With --tls CERT KEY it serves https. With --proxy it is instead a forward proxy: absolute-form
requests ("GET http://...") are fetched from the origin and relayed, and "CONNECT 127.0.0.1:PORT"
opens a tunnel (502 when nothing answers there, 403 for any other host) relaying bytes both ways,
so https passes through untouched. Every request is appended to --log as
"METHOD PATH header-name=value..." (only X-* headers; a tunnel logs only its CONNECT line).
With --blackhole it serves nothing: its listening socket has a full accept queue, so the kernel
drops every SYN and a client's connect neither succeeds nor fails (only its own timeout ends it).
The bound port is written to --port-file.
"""
import argparse
import http.server
import os
import select
import signal
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "syscap-test-httpd"

    def log_message(self, fmt, *args):  # quiet on stderr; the request log is what tests read
        pass

    def record(self):
        extra = " ".join(
            f"{k.lower()}={v}" for k, v in self.headers.items() if k.lower().startswith("x-")
        )
        with self.server.log_lock, open(self.server.log_path, "a") as f:
            f.write(f"{self.command} {self.path} {extra}".rstrip() + "\n")

    def reply(self, code, body=b"", length=None):
        self.send_response(code)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self):
        self.record()
        if self.server.proxy:
            return self.forward()
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        parts = path.lstrip("/").split("/", 1)
        mode = parts[0]
        rest = parts[1] if len(parts) > 1 else ""
        if mode == "404":
            return self.reply(404, b"not found\n")
        if mode == "500":
            return self.reply(500, b"internal error\n")
        if mode == "redirect":  # /redirect/PORT/REST -> http://127.0.0.1:PORT/REST
            raw = urllib.parse.urlsplit(self.path).path.split("/", 3)
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{raw[2]}/{raw[3]}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if mode == "hang":
            while not self.server.stopping.is_set():
                time.sleep(0.1)
            return None
        data = self.read_file(rest if mode == "truncate" else path.lstrip("/"))
        if data is None:
            return self.reply(404, b"not found\n")
        if mode == "truncate":
            self.reply(200, data[: len(data) // 2], length=len(data))
            self.close_connection = True
            return None
        return self.reply(200, data)

    def do_CONNECT(self):
        self.record()
        self.close_connection = True
        if not self.server.proxy:
            return self.reply(405, b"not a proxy\n")
        host, _, port = self.path.rpartition(":")
        if host != "127.0.0.1" or not port.isdigit():
            return self.reply(403, b"tunnels only to 127.0.0.1\n")
        try:
            upstream = socket.create_connection((host, int(port)), timeout=10)
        except OSError as e:
            return self.reply(502, f"{e}\n".encode())
        with upstream:
            self.send_response(200, "Connection established")
            self.end_headers()
            self.wfile.flush()
            # the client waits for this answer before its TLS hello: rfile has nothing buffered
            self.relay(self.connection, upstream)
        return None

    def relay(self, a, b):
        a.settimeout(None)
        b.settimeout(None)
        peer = {a: b, b: a}
        while not self.server.stopping.is_set():
            ready, _, _ = select.select([a, b], [], [], 0.1)
            for s in ready:
                try:
                    data = s.recv(65536)
                    if not data:
                        return
                    peer[s].sendall(data)
                except OSError:
                    return

    def read_file(self, rel):
        full = os.path.realpath(os.path.join(self.server.root, rel))
        if not full.startswith(self.server.root + os.sep) or not os.path.isfile(full):
            return None
        with open(full, "rb") as f:
            return f.read()

    def forward(self):
        if not self.path.startswith("http://"):
            return self.reply(400, b"proxy needs an absolute URL\n")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(self.path, timeout=10) as r:
                return self.reply(r.status, r.read())
        except urllib.error.HTTPError as e:
            return self.reply(e.code, e.read())
        except OSError as e:
            return self.reply(502, str(e).encode())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--proxy", action="store_true")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve https")
    ap.add_argument("--blackhole", action="store_true")
    a = ap.parse_args()
    if a.blackhole:
        return blackhole(a)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    if a.tls:
        import ssl

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.root = os.path.realpath(a.root)
    srv.log_path = a.log
    srv.log_lock = threading.Lock()
    srv.proxy = a.proxy
    srv.stopping = threading.Event()
    open(a.log, "a").close()
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, a.port_file)

    def stop(*_):
        srv.stopping.set()
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    # a test suite killed by its timeout must not leave the server running: stop with the parent
    parent = os.getppid()

    def watch_parent():
        while not srv.stopping.is_set():
            if os.getppid() != parent:
                stop()
                return
            time.sleep(0.5)

    threading.Thread(target=watch_parent, daemon=True).start()
    srv.serve_forever(poll_interval=0.1)
    return 0


def blackhole(a):
    """A listener whose accept queue is full: later SYNs get no answer at all."""
    lsn = socket.socket()
    lsn.bind(("127.0.0.1", 0))
    lsn.listen(0)
    port = lsn.getsockname()[1]
    fillers = []
    for _ in range(64):  # never accepted: once the queue is full a connect stops completing
        c = socket.socket()
        c.settimeout(0.5)
        try:
            c.connect(("127.0.0.1", port))
        except OSError:
            c.close()
            break
        fillers.append(c)
    else:
        print("httpd.py --blackhole: the accept queue never filled", file=sys.stderr)
        return 1
    open(a.log, "a").close()
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.rename(tmp, a.port_file)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    parent = os.getppid()
    while not stopping.wait(0.5) and os.getppid() == parent:
        pass
    for c in fillers:
        c.close()
    lsn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
