"""Evidence files of 5 to 50 MB without writing gigabytes: every upload is a slice of one shared file
(a PDF header, then random bytes), sent by sendfile, followed by a unique 4 KiB tail holding the
upload's own number, so that no two files share a SHA-256 and the store writes each.

The SHA-256 of each is the AO's receipt to compare with what the server kept. It is computed from
the shared file's hash state saved at every MiB (one pass when the pool is made), so making a file
hashes under a MiB plus its tail: hashing 50 MB per upload would take the load generator's CPU, on
the machine the server runs on, in the middle of the interval that measures upload bytes per second."""
import hashlib
import os

MIB = 1024 * 1024
TAIL = 4096


class EvidencePool:
    def __init__(self, folder, largest_mb):
        self.path = os.path.join(folder, "evidence-body-v2.bin")
        self.largest = largest_mb * MIB
        if not os.path.exists(self.path) or os.path.getsize(self.path) < self.largest:
            with open(self.path, "wb") as handle:
                head = b"%PDF-1.7\n% deadline-day evidence body\n".ljust(4096, b"%")
                handle.write(head)
                remaining = self.largest - len(head)
                while remaining:
                    block = os.urandom(min(remaining, 8 << 20))
                    handle.write(block)
                    remaining -= len(block)
        # checkpoints[k]: the SHA-256 state after the first k MiB of the shared file.
        self.checkpoints = [hashlib.sha256()]
        with open(self.path, "rb") as handle:
            running = hashlib.sha256()
            while True:
                block = handle.read(MIB)
                if len(block) < MIB:
                    break
                running.update(block)
                self.checkpoints.append(running.copy())

    def make(self, number, size):
        """One evidence file: its segments (for the multipart body), size and SHA-256."""
        label = b"\n% deadline-day evidence " + str(number).encode() + b"\n"
        if size <= 2 * TAIL:
            content = (b"%PDF-1.7" + label).ljust(size, b"%")
            return EvidenceFile(number, [content], len(content), hashlib.sha256(content).hexdigest())
        tail = (label + b"%%EOF\n").rjust(TAIL, b"%")
        body = min(size - TAIL, self.largest)
        whole = min(body // MIB, len(self.checkpoints) - 1)
        digest = self.checkpoints[whole].copy()
        with open(self.path, "rb") as handle:
            handle.seek(whole * MIB)
            digest.update(handle.read(body - whole * MIB))
        digest.update(tail)
        return EvidenceFile(number, [(self.path, 0, body), tail], body + TAIL, digest.hexdigest())


class EvidenceFile:
    def __init__(self, number, segments, size, sha256):
        self.number, self.segments, self.size, self.sha256 = number, segments, size, sha256
        self.filename = f"evidence-{number:05d}.pdf"
