"""Opens N keep-alive connections to the server, makes one request on each, leaves them idle, and
reports the server's resident memory before and after (from /proc/PID/status). Loopback only."""
import argparse, resource, socket, time

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--count", type=int, default=10000)
    a = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.count + 1024), hard))
    before = rss_kib(a.pid)
    conns = []
    request = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"
    for i in range(a.count):
        s = socket.create_connection(("127.0.0.1", a.port))
        s.sendall(request)
        conns.append(s)
    answered = 0
    for s in conns:
        s.settimeout(10)
        if s.recv(4096).startswith(b"HTTP/1.1 200"):
            answered += 1
    time.sleep(1)
    after = rss_kib(a.pid)
    print(f"idle keep-alive connections: {answered}/{a.count} answered; "
          f"server RSS {before/1024:.1f} MiB -> {after/1024:.1f} MiB (+{(after-before)/1024:.1f} MiB)")
    for s in conns:
        s.close()

if __name__ == "__main__":
    main()
