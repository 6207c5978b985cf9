-- Organisations, people, cycles with their windows and scope, standards with their KSBs, and the
-- predefined specialist areas. Identifiers are the domain's (TEXT, UUIDs chosen by the store).
-- Every row that people edit has a version column for optimistic concurrency; `body` holds the
-- domain record as JSON (the domain's Codable form), the columns beside it are what queries,
-- constraints and the API need.

CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    ofqual_recognition_number TEXT NOT NULL UNIQUE CHECK (ofqual_recognition_number GLOB 'RN[0-9]*'),
    version INTEGER NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL
) STRICT;

CREATE TABLE organisation_ssa_scope (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    ssa_code TEXT NOT NULL,
    PRIMARY KEY (organisation_id, ssa_code)
) STRICT, WITHOUT ROWID;

-- Password columns stay empty until the accounts work sets them.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id),
    password_hash TEXT,
    password_changed_at TEXT,
    disabled_at TEXT,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX users_by_organisation ON users (organisation_id);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('ao_editor', 'ao_admin', 'reviewer', 'approver', 'admin', 'api_client')),
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE cycles (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,               -- used in references, e.g. L3S25
    name TEXT NOT NULL,
    level INTEGER NOT NULL CHECK (level IN (2, 3)),
    number INTEGER NOT NULL,
    first_teaching TEXT,                     -- 'YYYY-MM'
    version INTEGER NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL
) STRICT;

-- Windows are half-open [opens_at, closes_at) in UTC; people enter and read them in UK time.
CREATE TABLE cycle_windows (
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    kind TEXT NOT NULL CHECK (kind IN ('registration_of_intent', 'proposal', 'proposal_feedback_due', 'submission')),
    opens_at TEXT,                           -- NULL for a due date (proposal feedback)
    closes_at TEXT NOT NULL,
    PRIMARY KEY (cycle_id, kind),
    CHECK (opens_at IS NULL OR opens_at < closes_at)
) STRICT, WITHOUT ROWID;

CREATE TABLE cycle_categories (
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    category_code TEXT NOT NULL REFERENCES categories (code),
    PRIMARY KEY (cycle_id, category_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE cycle_routes (
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    route_code TEXT NOT NULL REFERENCES routes (code),
    PRIMARY KEY (cycle_id, route_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE standards (
    reference TEXT PRIMARY KEY CHECK (reference GLOB 'ST[0-9][0-9][0-9][0-9]'),
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    route_code TEXT NOT NULL REFERENCES routes (code),
    standard_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('approved_for_delivery', 'in_revision', 'retired')),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT;

CREATE TABLE standard_ksbs (
    standard_reference TEXT NOT NULL REFERENCES standards (reference),
    code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('knowledge', 'skill', 'behaviour')),
    text TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (standard_reference, code)
) STRICT, WITHOUT ROWID;

-- Entries are never deleted: removing a standard from a cycle sets removed_at, so the list at any
-- past instant can be recovered. A standard can be added again after removal (a new entry).
CREATE TABLE cycle_standards (
    id INTEGER PRIMARY KEY,
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    standard_reference TEXT NOT NULL REFERENCES standards (reference),
    added_at TEXT NOT NULL,
    removed_at TEXT,
    CHECK (removed_at IS NULL OR added_at < removed_at)
) STRICT;
CREATE UNIQUE INDEX cycle_standards_one_open_entry ON cycle_standards (cycle_id, standard_reference) WHERE removed_at IS NULL;

CREATE TABLE specialist_areas (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    route_code TEXT NOT NULL REFERENCES routes (code),
    version INTEGER NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL
) STRICT;

CREATE TABLE specialist_area_standards (
    specialist_area_id TEXT NOT NULL REFERENCES specialist_areas (id),
    standard_reference TEXT NOT NULL REFERENCES standards (reference),
    PRIMARY KEY (specialist_area_id, standard_reference)
) STRICT, WITHOUT ROWID;

CREATE TABLE specialist_sub_areas (
    specialist_area_id TEXT NOT NULL REFERENCES specialist_areas (id),
    name TEXT NOT NULL,
    PRIMARY KEY (specialist_area_id, name)
) STRICT, WITHOUT ROWID;

CREATE TABLE specialist_duties (
    specialist_area_id TEXT NOT NULL REFERENCES specialist_areas (id),
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    sub_area TEXT,                           -- NULL: the duty applies to the whole area
    PRIMARY KEY (specialist_area_id, code),
    FOREIGN KEY (specialist_area_id, sub_area) REFERENCES specialist_sub_areas (specialist_area_id, name)
) STRICT, WITHOUT ROWID;
