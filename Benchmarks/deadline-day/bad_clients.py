"""Clients that behave badly on deadline day, run beside the others to show they cost them little:
slowloris (headers dribbled a byte at a time), slow uploads (a body sent just above the server's
minimum rate), and vanished clients (a big upload abandoned half-way with a reset, a download left
unread). Each reopens when the server cuts it off, until the stop event.

They run in a process of their own (`python3 bad_clients.py ...`, see `Process`): in the process
of the steady load they would take its one Python thread's time, and the loss measured would be the
load generator's, not the server's."""
import argparse
import asyncio
import json
import signal
import socket
import struct
import sys


async def _open(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    return reader, writer


def _reset(writer):
    """Close with RST (SO_LINGER 0), as a client whose network vanished would look to the server."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.close()


async def slowloris(port, stop, counts, interval=2.0):
    head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\nX-Padding: " + b"a" * 4000
    while not stop.is_set():
        try:
            reader, writer = await _open(port)
            counts["slowloris connections"] = counts.get("slowloris connections", 0) + 1
            for byte in head:
                if stop.is_set() or writer.is_closing() or reader.at_eof():
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                try:
                    await asyncio.wait_for(stop.wait(), interval)
                except asyncio.TimeoutError:
                    pass
            _reset(writer)
        except (OSError, ConnectionError):
            await asyncio.sleep(0.2)


async def slow_upload(port, stop, counts, target, length, rate=2048):
    """A POST whose body arrives at `rate` bytes a second (the server's floor is 1 KiB/s)."""
    while not stop.is_set():
        try:
            reader, writer = await _open(port)
            counts["slow uploads"] = counts.get("slow uploads", 0) + 1
            writer.write(f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=slow\r\n"
                         f"Content-Length: {length}\r\n\r\n--slow\r\nContent-Disposition: form-data; name=\"specification\"; "
                         f"filename=\"slow.pdf\"\r\n\r\n%PDF-1.7\n".encode())
            while not stop.is_set() and not writer.is_closing() and not reader.at_eof():
                writer.write(b"x" * (rate // 4))
                await writer.drain()
                await asyncio.sleep(0.25)
            _reset(writer)
        except (OSError, ConnectionError):
            await asyncio.sleep(0.2)


async def vanishing_upload(port, stop, counts, target, pause=5.0):
    """Announces 20 MB, sends 2 MB quickly, then resets the connection; again after `pause` seconds
    (a person whose connection keeps dropping, not a flood)."""
    chunk = b"v" * (256 * 1024)
    while not stop.is_set():
        try:
            reader, writer = await _open(port)
            counts["vanished uploads"] = counts.get("vanished uploads", 0) + 1
            writer.write(f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=vanish\r\n"
                         f"Content-Length: {20 * 1024 * 1024}\r\n\r\n--vanish\r\nContent-Disposition: form-data; name=\"file\"; "
                         f"filename=\"a.pdf\"\r\n\r\n".encode())
            for _ in range(8):
                writer.write(chunk)
                await writer.drain()
            _reset(writer)
        except (OSError, ConnectionError):
            pass
        try:
            await asyncio.wait_for(stop.wait(), pause)
        except asyncio.TimeoutError:
            pass


async def vanishing_reader(port, stop, counts, target, headers="", pause=5.0):
    """Asks for something large and goes away without reading the answer; again after `pause`
    seconds, as the vanishing uploads do (a person whose connection keeps dropping, not a flood of
    exports: each one is real work for the server, whoever reads it)."""
    while not stop.is_set():
        try:
            reader, writer = await _open(port)
            counts["vanished readers"] = counts.get("vanished readers", 0) + 1
            writer.write(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode())
            await writer.drain()
            await asyncio.sleep(0.3)
            _reset(writer)
        except (OSError, ConnectionError):
            pass
        try:
            await asyncio.wait_for(stop.wait(), pause)
        except asyncio.TimeoutError:
            pass


def start_all(port, stop, counts, slowloris_count, slow_uploads, vanishing, upload_target, read_target, read_headers="",
              upload_length=10 * 1024 * 1024):
    tasks = [asyncio.ensure_future(slowloris(port, stop, counts)) for _ in range(slowloris_count)]
    tasks += [asyncio.ensure_future(slow_upload(port, stop, counts, upload_target, upload_length)) for _ in range(slow_uploads)]
    tasks += [asyncio.ensure_future(vanishing_upload(port, stop, counts, upload_target)) for _ in range(vanishing)]
    tasks += [asyncio.ensure_future(vanishing_reader(port, stop, counts, read_target, read_headers)) for _ in range(vanishing)]
    return tasks


class Process:
    """The bad clients in a child process, from `start()` until `stop()`, which returns how many
    connections of each kind they opened."""

    def __init__(self, port, slowloris_count, slow_uploads, vanishing, upload_target, read_target, read_headers="",
                 upload_length=10 * 1024 * 1024):
        self.arguments = [sys.executable, __file__, "--port", str(port), "--slowloris", str(slowloris_count),
                          "--slow-uploads", str(slow_uploads), "--vanishing", str(vanishing),
                          "--upload-target", upload_target, "--read-target", read_target,
                          "--read-headers", read_headers, "--upload-length", str(upload_length)]
        self.child = None

    async def start(self):
        self.child = await asyncio.create_subprocess_exec(*self.arguments, stdout=asyncio.subprocess.PIPE)

    @property
    def pid(self):
        return self.child.pid if self.child else None

    async def stop(self):
        self.child.send_signal(signal.SIGTERM)
        output, _ = await self.child.communicate()
        try:
            return json.loads(output.decode() or "{}")
        except ValueError:
            return {}


async def _run_until_terminated(options):
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    counts = {}
    tasks = start_all(options.port, stop, counts, options.slowloris, options.slow_uploads, options.vanishing,
                      options.upload_target, options.read_target, options.read_headers, options.upload_length)
    await stop.wait()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps(counts))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="bad clients against a server on loopback, until SIGTERM")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slowloris", type=int, default=0)
    parser.add_argument("--slow-uploads", type=int, default=0)
    parser.add_argument("--vanishing", type=int, default=0)
    parser.add_argument("--upload-target", default="/sign-in")
    parser.add_argument("--read-target", default="/")
    parser.add_argument("--read-headers", default="")
    parser.add_argument("--upload-length", type=int, default=10 * 1024 * 1024)
    asyncio.run(_run_until_terminated(parser.parse_args()))
