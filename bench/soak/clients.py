#!/usr/bin/env python3
"""The soak's hostile and idle clients, in one asyncio process (bench/soak.sh runs it).

  clients.py PORT SECONDS --idle N --slowloris N --resets-per-s N --file PATH

- idle: N keep-alive connections, each sending GET /plaintext once and then again every
  60 s (under the server's 120 s idle timeout), reconnecting when the server closes one;
- slowloris: N connections sending a request head one header line every 2 s, never ending
  it (the server's header timeout closes them; they reconnect);
- resets: connections that ask for PATH, read a little and reset (SO_LINGER 0), N a second.

Every answer read is checked to be an HTTP response; at the end one line of counts is
printed ("SOAK ..."), and every 30 s a progress line on stderr.
"""
import argparse
import asyncio
import random
import resource
import socket
import struct
import sys
import time

counts = {"idle_open": 0, "idle_requests": 0, "idle_reconnects": 0, "idle_bad": 0,
          "slowloris_closed_by_server": 0, "resets": 0, "reset_connect_errors": 0}


async def idle(port, stop, stagger):
    await asyncio.sleep(stagger)
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            counts["idle_reconnects"] += 1
            await asyncio.sleep(1)
            continue
        counts["idle_open"] += 1
        try:
            while not stop.is_set():
                writer.write(b"GET /plaintext HTTP/1.1\r\nHost: soak\r\n\r\n")
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                if not head.startswith(b"HTTP/1.1 200"):
                    counts["idle_bad"] += 1
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line[15:])
                await reader.readexactly(length)
                counts["idle_requests"] += 1
                try:
                    await asyncio.wait_for(stop.wait(), 60 + random.random() * 5)
                except asyncio.TimeoutError:
                    pass
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            counts["idle_reconnects"] += 1
        finally:
            counts["idle_open"] -= 1
            writer.close()


async def slowloris(port, stop):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(1)
            continue
        try:
            writer.write(b"GET /plaintext HTTP/1.1\r\nHost: soak\r\n")
            n = 0
            while not stop.is_set():
                await writer.drain()
                try:
                    data = await asyncio.wait_for(reader.read(1024), 2)
                    if not data or b"408" in data or data.startswith(b"HTTP/1.1 4"):
                        counts["slowloris_closed_by_server"] += 1
                        break
                except asyncio.TimeoutError:
                    pass
                n += 1
                writer.write(b"X-Slow-%d: %d\r\n" % (n, n))
        except OSError:
            counts["slowloris_closed_by_server"] += 1
        finally:
            writer.close()


async def resets(port, stop, rate, path):
    request = b"GET " + path.encode() + b" HTTP/1.1\r\nHost: soak\r\n\r\n"
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        started = time.monotonic()
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            await loop.sock_connect(s, ("127.0.0.1", port))
            await loop.sock_sendall(s, request)
            await asyncio.wait_for(loop.sock_recv(s, 4096), 2)
            counts["resets"] += 1
        except (OSError, asyncio.TimeoutError):
            counts["reset_connect_errors"] += 1
        finally:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        await asyncio.sleep(max(0.0, 1.0 / rate - (time.monotonic() - started)))


async def progress(stop, started):
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), 30)
        except asyncio.TimeoutError:
            print("soak clients +%ds %s" % (time.monotonic() - started, counts), file=sys.stderr, flush=True)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("seconds", type=float)
    p.add_argument("--idle", type=int, default=19000)
    p.add_argument("--slowloris", type=int, default=100)
    p.add_argument("--resets-per-s", type=int, default=100)
    p.add_argument("--reset-workers", type=int, default=4)
    p.add_argument("--file", default="/big.bin")
    a = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    stop = asyncio.Event()
    started = time.monotonic()
    ramp = 20.0   # open the idle connections over 20 s, not in one burst
    tasks = [asyncio.create_task(idle(a.port, stop, ramp * i / max(1, a.idle))) for i in range(a.idle)]
    tasks += [asyncio.create_task(slowloris(a.port, stop)) for _ in range(a.slowloris)]
    tasks += [asyncio.create_task(resets(a.port, stop, a.resets_per_s / a.reset_workers, a.file))
              for _ in range(a.reset_workers)]
    tasks.append(asyncio.create_task(progress(stop, started)))
    # "READY" once the idle connections are all open (or the ramp and 40 s more have passed).
    while counts["idle_open"] < a.idle and time.monotonic() - started < ramp + 40:
        await asyncio.sleep(0.5)
    print("READY idle_open=%d" % counts["idle_open"], flush=True)
    await asyncio.sleep(max(0.0, a.seconds - (time.monotonic() - started)))
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("SOAK " + " ".join("%s=%d" % kv for kv in counts.items()), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
