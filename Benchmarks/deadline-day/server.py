"""The server under test as a child process: started over a data folder with a pinned clock, probed
until it answers, its RSS sampled from /proc, stopped gently or killed with SIGKILL and restarted with
the clock carried on from where it was (so that a restart does not turn the service's time back)."""
import asyncio
import datetime
import os
import signal
import socket
import subprocess
import time
import urllib.request


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid):
    """User and system CPU seconds of a process so far, from /proc/<pid>/stat; None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return int(fields[11]) / ticks, int(fields[12]) / ticks
    except (OSError, IndexError, ValueError):
        return None


def machine_ticks():
    """The whole machine's CPU time so far from /proc/stat, in clock ticks: (all, steal, idle). Steal is
    the time the hypervisor ran something else while this VM wanted the CPU; a round with much of it ran
    on a slower machine, its CPU seconds per GB included. Idle counts iowait too: time no thread on
    the machine could run, which a CPU-bound upload run should leave close to none of."""
    with open("/proc/stat") as stat:
        fields = [int(f) for f in stat.readline().split()[1:]]
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0, fields[3] + fields[4]


def iso(instant):
    return instant.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class ServerProcess:
    def __init__(self, binary, data, root, log_path, clock_start=None, port=None, extra_args=()):
        self.binary, self.data, self.root, self.log_path = binary, data, root, log_path
        self.port = port or free_port()
        self.clock_start = clock_start          # the service instant at the first start
        self.first_started = None               # time.monotonic() of the first start
        self.extra_args = list(extra_args)
        self.process = None
        self.starts = 0

    def service_now(self):
        """The service's clock as the server sees it now (it runs at real speed from clock_start)."""
        if self.clock_start is None:
            return datetime.datetime.now(datetime.timezone.utc)
        return self.clock_start + datetime.timedelta(seconds=time.monotonic() - self.first_started)

    def start(self, timeout=60):
        now = time.monotonic()
        if self.first_started is None:
            self.first_started = now
        args = [self.binary, "serve", "--data", self.data, "--port", str(self.port), "--host", "127.0.0.1",
                "--public", os.path.join(self.root, "Public"), "--migrations", os.path.join(self.root, "Migrations"),
                "--log-level", "warning"] + self.extra_args
        if self.clock_start is not None:
            args += ["--clock-start", iso(self.service_now())]
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=self.root)
        self.starts += 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode} at start; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"the server did not answer /healthz within {timeout}s; see {self.log_path}")

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def kill(self):
        """SIGKILL: no chance to flush or finish anything."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kb(self):
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except (OSError, TypeError):
            return None
        return None


async def sample_rss(server, recorder, stop, interval=0.25):
    """Samples the server's resident set every `interval` until `stop` is set (across restarts)."""
    while not stop.is_set():
        kb = server.rss_kb()
        if kb is not None:
            recorder.rss.append((recorder.now(), server.pid, kb))
        try:
            await asyncio.wait_for(stop.wait(), interval)
        except asyncio.TimeoutError:
            pass
