-- The records of the approvals process. Each has a reference people read out, a state, a version
-- for optimistic concurrency, and `body`: the domain record as JSON, from which it is loaded. The
-- child tables are written from the same record in the same transaction, for queries and the API;
-- the ones that hold submitted content are immutable (triggers refuse UPDATE and DELETE).

CREATE TABLE registrations_of_intent (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'registered', 'withdrawn')),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX registrations_by_organisation ON registrations_of_intent (organisation_id);
CREATE INDEX registrations_by_cycle ON registrations_of_intent (cycle_id, state);

CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'in_review', 'feedback_issued', 'closed', 'withdrawn')),
    category_code TEXT NOT NULL REFERENCES categories (code),
    intended_title TEXT NOT NULL,
    assigned_reviewer_id TEXT REFERENCES users (id),
    submitted_at TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX proposals_by_organisation ON proposals (organisation_id);
CREATE INDEX proposals_by_cycle ON proposals (cycle_id, state);

CREATE TABLE proposal_feedback (
    proposal_id TEXT PRIMARY KEY REFERENCES proposals (id),
    category_fit_and_need TEXT NOT NULL,
    duties_quality_and_relevance TEXT NOT NULL,
    employer_demand_approach TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    follow_up_requested INTEGER,
    will_proceed INTEGER,
    responded_at TEXT
) STRICT;

CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'in_review', 'clarification_requested', 'recommended', 'approved', 'not_approved', 'withdrawn')),
    category_code TEXT NOT NULL REFERENCES categories (code),
    title TEXT NOT NULL,
    assigned_reviewer_id TEXT REFERENCES users (id),
    changes_submission_id TEXT REFERENCES submissions (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX submissions_by_organisation ON submissions (organisation_id);
CREATE INDEX submissions_by_cycle_state ON submissions (cycle_id, state);

-- What the AO submitted, frozen: one row per submit or amendment.
CREATE TABLE submission_versions (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    number INTEGER NOT NULL CHECK (number >= 1),
    submitted_at TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    late_exception_id TEXT,
    title TEXT NOT NULL,
    content TEXT NOT NULL,                   -- the domain's SubmissionContent as JSON
    PRIMARY KEY (submission_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE submission_version_ksb_mappings (
    submission_id TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    standard_reference TEXT NOT NULL,
    ksb_code TEXT NOT NULL,
    covered_in TEXT NOT NULL,
    assessed_in TEXT NOT NULL,
    PRIMARY KEY (submission_id, version_number, standard_reference, ksb_code),
    FOREIGN KEY (submission_id, version_number) REFERENCES submission_versions (submission_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE submission_version_documents (
    submission_id TEXT NOT NULL,
    version_number INTEGER NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    original_name TEXT NOT NULL,
    byte_count INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    PRIMARY KEY (submission_id, version_number, position),
    FOREIGN KEY (submission_id, version_number) REFERENCES submission_versions (submission_id, number)
) STRICT, WITHOUT ROWID;
CREATE INDEX submission_version_documents_by_sha256 ON submission_version_documents (sha256);

CREATE TRIGGER submission_versions_refuse_update BEFORE UPDATE ON submission_versions
BEGIN SELECT RAISE(ABORT, 'submitted versions are immutable'); END;
CREATE TRIGGER submission_versions_refuse_delete BEFORE DELETE ON submission_versions
BEGIN SELECT RAISE(ABORT, 'submitted versions are immutable'); END;
CREATE TRIGGER submission_version_ksb_mappings_refuse_update BEFORE UPDATE ON submission_version_ksb_mappings
BEGIN SELECT RAISE(ABORT, 'submitted versions are immutable'); END;
CREATE TRIGGER submission_version_ksb_mappings_refuse_delete BEFORE DELETE ON submission_version_ksb_mappings
BEGIN SELECT RAISE(ABORT, 'submitted versions are immutable'); END;
CREATE TRIGGER submission_version_documents_refuse_update BEFORE UPDATE ON submission_version_documents
BEGIN SELECT RAISE(ABORT, 'submitted versions are immutable'); END;
CREATE TRIGGER submission_version_documents_refuse_delete BEFORE DELETE ON submission_version_documents
BEGIN SELECT RAISE(ABORT, 'submitted versions are immutable'); END;

CREATE TABLE clarification_rounds (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    number INTEGER NOT NULL,
    question TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at TEXT,
    answer_version_number INTEGER,
    PRIMARY KEY (submission_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    version_number INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('in_progress', 'completed')),
    recommended_outcome TEXT CHECK (recommended_outcome IN ('approved', 'not_approved')),
    completed_at TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX reviews_by_submission ON reviews (submission_id);

CREATE TABLE review_criterion_outcomes (
    review_id TEXT NOT NULL REFERENCES reviews (id),
    criterion TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('met', 'not_met', 'needs_clarification')),
    comment TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (review_id, criterion)
) STRICT, WITHOUT ROWID;

CREATE TABLE recommendations (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'not_approved')),
    rationale TEXT NOT NULL,
    review_id TEXT NOT NULL,
    recommended_by TEXT NOT NULL,
    recommended_at TEXT NOT NULL
) STRICT;

-- A decision is final: recorded once, never changed.
CREATE TABLE decisions (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'not_approved')),
    reasons TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER decisions_refuse_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are final'); END;
CREATE TRIGGER decisions_refuse_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are final'); END;

CREATE TABLE late_submission_exceptions (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    cycle_id TEXT NOT NULL REFERENCES cycles (id),
    window_kind TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('requested', 'granted', 'refused')),
    new_deadline TEXT,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX late_submission_exceptions_by_record ON late_submission_exceptions (record_type, record_id);

CREATE TABLE ofqual_regulatory_notes (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('open', 'addressed')),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX ofqual_regulatory_notes_open ON ofqual_regulatory_notes (organisation_id) WHERE state = 'open';

CREATE TABLE changes_after_approval (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    state TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;

CREATE TABLE conflicts_of_interest (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX conflicts_of_interest_by_pair ON conflicts_of_interest (reviewer_id, organisation_id);

-- Who reviews what: the history of assignments (the current one is also in the record's body).
CREATE TABLE reviewer_assignments (
    id INTEGER PRIMARY KEY,
    record_type TEXT NOT NULL CHECK (record_type IN ('proposal', 'submission')),
    record_id TEXT NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES users (id),
    assigned_by TEXT NOT NULL,
    assigned_at TEXT NOT NULL
) STRICT;
CREATE INDEX reviewer_assignments_by_record ON reviewer_assignments (record_type, record_id);
CREATE INDEX reviewer_assignments_by_reviewer ON reviewer_assignments (reviewer_id);
