-- The machinery every record relies on: the append-only, hash-chained audit trail; uploaded
-- documents (the bytes live in DATA/documents/ab/cd/<sha256>); and the counters behind the
-- references people read out (SUB-L3S25-0042).

CREATE TABLE audit_events (
    sequence INTEGER PRIMARY KEY,            -- position in the chain, from 1, no gaps
    occurred_at TEXT NOT NULL,               -- ISO 8601 UTC to the millisecond
    actor_user_id TEXT,
    actor_role TEXT NOT NULL,                -- the actor's roles, comma-separated, e.g. "ao_editor"
    actor_organisation_id TEXT,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    record_reference TEXT,
    action TEXT NOT NULL,
    state_before TEXT,
    state_after TEXT,
    reason TEXT,
    details TEXT,                            -- a JSON object with sorted keys
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_events_by_record ON audit_events (record_type, record_id, sequence);

-- Nothing updates or deletes an audit event, whoever asks: the triggers make SQLite refuse.
CREATE TRIGGER audit_events_refuse_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only: an UPDATE was refused'); END;
CREATE TRIGGER audit_events_refuse_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only: a DELETE was refused'); END;

-- One row per upload (who, when, under which name); the file itself is stored once per sha256.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    byte_count INTEGER NOT NULL CHECK (byte_count >= 0),
    media_type TEXT NOT NULL,
    original_name TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
) STRICT;
CREATE INDEX documents_by_sha256 ON documents (sha256);

-- The next number of each kind of reference in each scope (a cycle code, or a year).
CREATE TABLE reference_sequences (
    scope TEXT NOT NULL,
    kind TEXT NOT NULL,
    next_value INTEGER NOT NULL,
    PRIMARY KEY (scope, kind)
) STRICT, WITHOUT ROWID;
