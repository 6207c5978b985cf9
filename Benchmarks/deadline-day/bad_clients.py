"""Clients that behave badly on deadline day, run beside the others to show they cost them little:
slowloris (headers dribbled a byte at a time), slow uploads (a body sent just above the server's
minimum rate), and vanished clients (a big upload abandoned half-way with a reset, a download left
unread). Each reopens when the server cuts it off, until the stop event."""
import asyncio
import socket
import struct


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


async def vanishing_reader(port, stop, counts, target, headers=""):
    """Asks for something large and goes away without reading the answer."""
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
        await asyncio.sleep(0.3)


def start_all(port, stop, counts, slowloris_count, slow_uploads, vanishing, upload_target, read_target, read_headers="",
              upload_length=10 * 1024 * 1024):
    tasks = [asyncio.ensure_future(slowloris(port, stop, counts)) for _ in range(slowloris_count)]
    tasks += [asyncio.ensure_future(slow_upload(port, stop, counts, upload_target, upload_length)) for _ in range(slow_uploads)]
    tasks += [asyncio.ensure_future(vanishing_upload(port, stop, counts, upload_target)) for _ in range(vanishing)]
    tasks += [asyncio.ensure_future(vanishing_reader(port, stop, counts, read_target, read_headers)) for _ in range(vanishing)]
    return tasks
