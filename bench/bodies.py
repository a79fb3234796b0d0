#!/usr/bin/env python3
"""What large request bodies cost `epoll4j serve`: its RSS and CPU while one client sends,
one connection at a time, 2,000 bodies of 1 MB with a Content-Length and then 200 chunked
bodies of 900 KiB (4 KiB chunks), each to a file route that answers 405 once the body is read.

    bench/bodies.py              # this checkout's ./epoll4j
    bench/bodies.py OTHER_TREE   # another checkout's, to compare builds

The server runs with one loop on core 0 and the JVM's default heap (no -Xmx: memory that
waits for a garbage collection shows). Loopback only; every loop is bounded in count.
"""
import os
import re
import socket
import subprocess
import sys
import time

tree = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..'))
server = subprocess.Popen(['taskset', '-c', '0', os.path.join(tree, 'epoll4j'), 'serve', '--port', '0',
                           '--threads', '1', '--root', tree],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    port = None
    for line in server.stdout:   # the first line says where it listens, after any build
        m = re.search(r'http://127\.0\.0\.1:(\d+)/', line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        sys.exit('serve did not start')
    pid = server.pid   # taskset execs the launcher, which execs java: one process all along

    def rss_mb():
        with open(f'/proc/{pid}/status') as f:
            return next(int(l.split()[1]) // 1024 for l in f if l.startswith('VmRSS'))

    def cpu_s():
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

    def post(data):
        with socket.create_connection(('127.0.0.1', port), timeout=30) as s:
            s.sendall(data)
            return s.recv(64).split(b'\r\n')[0].decode()

    def run(name, count, request):
        rss, cpu, start = rss_mb(), cpu_s(), time.time()
        status = None
        for _ in range(count):
            status = post(request)
        used = cpu_s() - cpu
        print(f'{name}: {status}; RSS {rss} -> {rss_mb()} MB; server CPU {used:.2f} s '
              f'({used * 1000 / count:.2f} ms each); {time.time() - start:.1f} s')

    body = b'x' * 1_000_000
    run('2,000 bodies of 1 MB (Content-Length)', 2000,
        b'POST /README.md HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
    chunk = b'1000\r\n' + b'x' * 4096 + b'\r\n'
    run('200 chunked bodies of 900 KiB', 200,
        b'POST /README.md HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n' + chunk * 225 + b'0\r\n\r\n')
finally:
    server.terminate()
    server.wait(30)
