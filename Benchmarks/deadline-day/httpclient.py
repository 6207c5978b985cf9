"""A small HTTP/1.1 client on asyncio streams, for the deadline-day load test.

Why not aiohttp: the generator must also be a *bad* client (slowloris, slow and vanished uploads) and
must not become the bottleneck it measures. On raw streams one code path does both; evidence files go
out with the kernel's sendfile (no Python copy), and nothing has to be installed in CI.

One `Session` is one person: its own cookie jar and one keep-alive connection, reopened when the
server closes it. Responses are read completely (Content-Length, chunked, or until close).
"""
import asyncio
import os
import re
import time
import urllib.parse


class HTTPError(Exception):
    """The exchange failed below HTTP: refused, reset, timed out or malformed."""


class Response:
    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = headers  # lower-cased name -> list of values
        self.body = body
        self.elapsed = elapsed

    def header(self, name, default=None):
        values = self.headers.get(name.lower())
        return values[0] if values else default

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


CSRF = re.compile(rb'name="csrf_token" value="([^"]*)"')


def csrf_token(body):
    """The form's CSRF field, as every form of the service carries it."""
    found = CSRF.search(body)
    return found.group(1).decode() if found else ""


class Session:
    def __init__(self, host, port, timeout=30.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.reader = self.writer = None
        self.bearer = None
        self.last_used = 0.0

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (OSError, ConnectionError):
                pass
        self.reader = self.writer = None

    async def _connect(self):
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)

    def _head(self, method, target, extra, length):
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}", "User-Agent: deadline-day"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if self.bearer:
            lines.append(f"Authorization: Bearer {self.bearer}")
        for name, value in extra:
            lines.append(f"{name}: {value}")
        if length is not None:
            lines.append(f"Content-Length: {length}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    async def request(self, method, target, headers=(), body=b"", file_parts=None):
        """Sends one request; `file_parts` is a list of bytes or (path, offset, count) sent in order
        as the body (files by sendfile). Retries once on a connection the server had closed."""
        started = time.monotonic()
        if method not in ("GET", "HEAD") and started - self.last_used > 45:
            await self.close()  # never send a write on a connection the server may be closing as idle
        for attempt in (0, 1):
            reused = self.writer is not None and not self.writer.is_closing()
            try:
                return await asyncio.wait_for(self._exchange(method, target, headers, body, file_parts, started), self.timeout)
            except asyncio.TimeoutError:
                await self.close()
                raise HTTPError(f"timed out after {self.timeout:.0f}s: {method} {target}")
            except (ConnectionError, OSError, asyncio.IncompleteReadError) as error:
                await self.close()
                # A keep-alive connection the server closed meanwhile: resend once on a new one
                # (only when nothing of the answer arrived, which IncompleteReadError of 0 bytes means).
                # Writes are never resent: the server may have acted on them.
                if attempt == 0 and reused and method in ("GET", "HEAD") and _nothing_received(error):
                    continue
                raise HTTPError(f"{type(error).__name__}: {error}: {method} {target}")

    async def _exchange(self, method, target, headers, body, file_parts, started):
        await self._connect()
        parts = file_parts if file_parts is not None else [body]
        length = sum(len(p) if isinstance(p, (bytes, bytearray)) else p[2] for p in parts)
        send_length = length if (length or method in ("POST", "PUT")) else None
        self.writer.write(self._head(method, target, headers, send_length))
        for part in parts:
            if isinstance(part, (bytes, bytearray)):
                self.writer.write(part)
            else:
                path, offset, count = part
                await self.writer.drain()
                with open(path, "rb") as handle:
                    await asyncio.get_running_loop().sendfile(self.writer.transport, handle, offset, count)
        await self.writer.drain()
        response = await self._read_response(method, started)
        self.last_used = time.monotonic()
        if (response.header("connection") or "").lower() == "close":
            await self.close()
        return response

    async def _read_response(self, method, started):
        status_line = await self.reader.readuntil(b"\r\n")
        parts = status_line.decode("latin-1").split(" ", 2)
        status = int(parts[1])
        headers = {}
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        for cookie in headers.get("set-cookie", []):
            pair = cookie.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if value == "" or "max-age=0" in cookie.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            body = b""
        elif "chunked" in ",".join(headers.get("transfer-encoding", [])).lower():
            body = await self._read_chunked()
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"][0]))
        else:
            body = await self.reader.read()
            await self.close()
        return Response(status, headers, body, time.monotonic() - started)

    async def _read_chunked(self):
        chunks = []
        while True:
            size_line = await self.reader.readuntil(b"\r\n")
            size = int(size_line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while (await self.reader.readuntil(b"\r\n")) != b"\r\n":
                    pass
                return b"".join(chunks)
            chunks.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    async def get(self, target, **kwargs):
        return await self.request("GET", target, **kwargs)

    async def post_form(self, target, fields):
        """`fields`: a dict, or (name, value) pairs in the order a browser sends them."""
        body = urllib.parse.urlencode(fields).encode()
        return await self.request("POST", target, headers=[("Content-Type", "application/x-www-form-urlencoded")], body=body)

    async def post_multipart(self, target, fields, files):
        """`files`: list of (field name, filename, media type, segments); a segment is bytes or a
        (path, offset, count) slice of a file, which goes by sendfile."""
        boundary = "deadline" + os.urandom(12).hex()
        parts = []
        for name, value in (fields.items() if isinstance(fields, dict) else fields):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, media_type, segments in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: {media_type}\r\n\r\n".encode())
            parts.extend(segments)
            parts.append(b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return await self.request("POST", target, headers=[("Content-Type", f"multipart/form-data; boundary={boundary}")],
                                  file_parts=parts)


def _nothing_received(error):
    if isinstance(error, asyncio.IncompleteReadError):
        return len(error.partial) == 0
    return isinstance(error, (ConnectionResetError, BrokenPipeError))
