"""Pipelined requests over raw sockets, responses parsed one after another by http.client.

    python3 pipeline_client.py PORT FILE_PATH FILE_CONTENT_PATH

Sends ten mixed requests in one write, then the same bytes split at every byte boundary
(part one, then part two, each split on a fresh connection). Every response must come in
order with its exact status and body. Prints "OK <connections>" or exits 1 with the reason.
"""
import http.client
import socket
import sys

port = int(sys.argv[1])
file_path = sys.argv[2]
with open(sys.argv[3], "rb") as f:
    file_body = f.read()

PLAIN = b"Hello, World!"
JSON = b'{"message":"Hello, World!"}'

# (method, target, extra header lines, request body, expected status, expected body)
REQUESTS = [
    ("GET", "/plaintext", "", b"", 200, PLAIN),
    ("GET", "/json", "", b"", 200, JSON),
    ("GET", file_path, "", b"", 200, file_body),
    ("HEAD", file_path, "", b"", 200, b""),
    ("POST", "/echo", "Content-Length: 5\r\n", b"hello", 200, b"hello"),
    ("GET", "/missing.txt", "", b"", 404, None),
    ("HEAD", "/plaintext", "", b"", 200, b""),
    ("POST", "/echo", "Transfer-Encoding: chunked\r\n", b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", 200, b"abcde"),
    ("GET", file_path + "?q=1", "Range: bytes=2-5\r\n", b"", 206, file_body[2:6]),
    ("GET", "/json", "", b"", 200, JSON),
]

wire = b"".join(
    ("%s %s HTTP/1.1\r\nHost: t\r\n%s\r\n" % (m, t, h)).encode("latin-1") + body
    for (m, t, h, body, _, _) in REQUESTS)


class Unclosable:
    """One buffered reader shared by consecutive HTTPResponse objects, which close their fp."""

    def __init__(self, fp):
        self.fp = fp

    def __getattr__(self, name):
        return getattr(self.fp, name)

    def close(self):
        pass


class SharedSocket:
    """What HTTPResponse needs of a socket: makefile(), returning the shared reader."""

    def __init__(self, fp):
        self.fp = fp

    def makefile(self, mode, *args, **kwargs):
        return self.fp


def fail(what):
    sys.stderr.write(what + "\n")
    sys.exit(1)


def exchange(parts, label):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        for part in parts:
            sock.sendall(part)
        shared = SharedSocket(Unclosable(sock.makefile("rb")))
        for i, (method, target, _, _, status, body) in enumerate(REQUESTS):
            response = http.client.HTTPResponse(shared, method=method)
            response.begin()
            got = response.read()
            if response.status != status:
                fail("%s: response %d (%s %s): status %d, expected %d" % (label, i, method, target, response.status, status))
            if body is not None and got != body:
                fail("%s: response %d (%s %s): body %r, expected %r" % (label, i, method, target, got[:80], body[:80]))
            if method == "HEAD" and target == file_path:
                if response.getheader("Content-Length") != str(len(file_body)):
                    fail("%s: HEAD Content-Length %s" % (label, response.getheader("Content-Length")))
    finally:
        sock.close()


exchange([wire], "one write")
for cut in range(1, len(wire)):
    exchange([wire[:cut], wire[cut:]], "split at %d of %d" % (cut, len(wire)))
print("OK %d" % len(wire))
