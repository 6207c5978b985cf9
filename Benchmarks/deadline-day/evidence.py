"""Evidence files of 5 to 50 MB without writing gigabytes: every upload is a unique 4 KiB head (a PDF
header and the upload's own number, so that no two files share a SHA-256 and the store writes each)
followed by a slice of one shared random file, sent by sendfile. The SHA-256 of each is computed
before the run, as the AO's receipt to compare with what the server kept."""
import hashlib
import os


class EvidencePool:
    def __init__(self, folder, largest_mb):
        self.path = os.path.join(folder, "evidence-body.bin")
        self.largest = largest_mb * 1024 * 1024
        if not os.path.exists(self.path) or os.path.getsize(self.path) < self.largest:
            with open(self.path, "wb") as handle:
                remaining = self.largest
                while remaining:
                    block = os.urandom(min(remaining, 8 << 20))
                    handle.write(block)
                    remaining -= len(block)

    def make(self, number, size):
        """One evidence file: its segments (for the multipart body), size and SHA-256."""
        head = (b"%PDF-1.7\n% deadline-day evidence " + str(number).encode() + b"\n").ljust(4096, b"%")
        body = max(0, size - len(head))
        digest = hashlib.sha256(head)
        with open(self.path, "rb") as handle:
            remaining = body
            while remaining:
                block = handle.read(min(remaining, 4 << 20))
                digest.update(block)
                remaining -= len(block)
        return EvidenceFile(number, [head, (self.path, 0, body)], len(head) + body, digest.hexdigest())


class EvidenceFile:
    def __init__(self, number, segments, size, sha256):
        self.number, self.segments, self.size, self.sha256 = number, segments, size, sha256
        self.filename = f"evidence-{number:05d}.pdf"
