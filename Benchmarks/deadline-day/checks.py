"""After a run, what the store holds, read straight from the SQLite file and the documents folder
(the server stopped), plus `approvals verify-audit`: nothing half-saved, nothing submitted after the
close without an exception, every acknowledged receipt present and matching, every stored file
matching its SHA-256."""
import datetime
import hashlib
import os
import sqlite3
import subprocess


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while True:
            block = handle.read(4 << 20)
            if not block:
                return digest.hexdigest()
            digest.update(block)


def document_path(data, sha256):
    return os.path.join(data, "documents", sha256[0:2], sha256[2:4], sha256)


def parse_instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class Verdicts:
    """Named checks, each passed or failed with what was wrong."""

    def __init__(self):
        self.items = []

    def check(self, name, ok, detail=""):
        self.items.append((name, bool(ok), detail))
        return ok

    @property
    def passed(self):
        return all(ok for _, ok, _ in self.items)

    def lines(self):
        return [f"  [{'PASS' if ok else 'FAIL'}] {name}{(': ' + detail) if detail else ''}" for name, ok, detail in self.items]


def verify_audit(binary, root, data, verdicts, label):
    done = subprocess.run([binary, "verify-audit", "--data", data, "--migrations", os.path.join(root, "Migrations")],
                          capture_output=True, text=True)
    verdicts.check(f"{label}: approvals verify-audit", done.returncode == 0, (done.stdout + done.stderr).strip().splitlines()[-1]
                   if (done.stdout + done.stderr).strip() else f"exit {done.returncode}")


def store_is_whole(data, closes_at, verdicts, label, hash_files=True):
    """Every document row and every submitted version's document has its file, of the right size
    and SHA-256; no version submitted at or after the close without an exception; SQLite's own check."""
    db = sqlite3.connect(f"file:{os.path.join(data, 'approvals.sqlite')}?mode=ro", uri=True)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        verdicts.check(f"{label}: SQLite integrity_check", integrity == "ok", integrity)
        rows = db.execute("SELECT sha256, byte_count FROM documents UNION SELECT sha256, byte_count FROM submission_version_documents").fetchall()
        damaged = []
        for sha256, size in rows:
            path = document_path(data, sha256)
            if not os.path.exists(path) or os.path.getsize(path) != size or (hash_files and sha256_of(path) != sha256):
                damaged.append(sha256[:12])
        verdicts.check(f"{label}: every document row has its file, right size and SHA-256 ({len(rows)} files)", not damaged,
                       ", ".join(damaged[:5]))
        late = []
        if closes_at is not None:
            for reference, submitted_at, exception in db.execute(
                    "SELECT s.reference, v.submitted_at, v.late_exception_id FROM submission_versions v "
                    "JOIN submissions s ON s.id = v.submission_id"):
                if exception is None and parse_instant(submitted_at) >= closes_at:
                    late.append(f"{reference} at {submitted_at}")
            verdicts.check(f"{label}: no version submitted at or after the close without an exception", not late, ", ".join(late[:5]))
        orphans = db.execute("SELECT count(*) FROM submissions s WHERE s.state <> 'draft' AND s.state <> 'withdrawn' AND NOT EXISTS "
                             "(SELECT 1 FROM submission_versions v WHERE v.submission_id = s.id)").fetchone()[0]
        verdicts.check(f"{label}: no submission past draft without a submitted version", orphans == 0, f"{orphans} found")
    finally:
        db.close()


def receipts_match(data, receipts, closes_at, verdicts, label):
    """Each acknowledged submit is there, submitted before the close, with the receipt's files; each
    refused one has no version submitted at or after the close."""
    db = sqlite3.connect(f"file:{os.path.join(data, 'approvals.sqlite')}?mode=ro", uri=True)
    lost, mismatched, wrongly_refused = [], [], []
    try:
        for receipt in receipts:
            if receipt.reference is None:
                continue
            row = db.execute("SELECT id, state FROM submissions WHERE reference = ?", (receipt.reference,)).fetchone()
            versions = db.execute("SELECT number, submitted_at FROM submission_versions WHERE submission_id = ?",
                                  (row[0],)).fetchall() if row else []
            if receipt.acknowledged:
                if not row or not versions:
                    lost.append(receipt.reference)
                    continue
                stored = {sha for (sha,) in db.execute(
                    "SELECT sha256 FROM submission_version_documents WHERE submission_id = ?", (row[0],))}
                if any(sha not in stored for sha, _ in receipt.documents):
                    mismatched.append(receipt.reference)
            elif receipt.acknowledged is False:
                if any(parse_instant(at) >= closes_at for _, at in versions):
                    wrongly_refused.append(receipt.reference)
    finally:
        db.close()
    acknowledged = sum(1 for r in receipts if r.acknowledged)
    verdicts.check(f"{label}: every acknowledged submission present ({acknowledged})", not lost, ", ".join(lost[:5]))
    verdicts.check(f"{label}: every acknowledged submission holds the files of its receipt (SHA-256)", not mismatched,
                   ", ".join(mismatched[:5]))
    verdicts.check(f"{label}: no refused submit left a version behind", not wrongly_refused, ", ".join(wrongly_refused[:5]))


def uploads_present(data, receipts, verdicts, label):
    """Every file whose upload was acknowledged has its row and its file, with the receipt's SHA-256."""
    db = sqlite3.connect(f"file:{os.path.join(data, 'approvals.sqlite')}?mode=ro", uri=True)
    missing = []
    try:
        stored = {sha for (sha,) in db.execute("SELECT sha256 FROM documents")}
    finally:
        db.close()
    count = 0
    for receipt in receipts:
        for sha256, size in receipt.documents:
            count += 1
            path = document_path(data, sha256)
            if sha256 not in stored or not os.path.exists(path) or os.path.getsize(path) != size or sha256_of(path) != sha256:
                missing.append(sha256[:12])
    verdicts.check(f"{label}: every acknowledged upload stored and matching its SHA-256 ({count} files)", not missing,
                   ", ".join(missing[:5]))
