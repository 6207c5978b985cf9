-- The Institute's working papers: what staff have written that the awarding organisation does not
-- see yet. Proposal feedback is held here as a draft until a reviewer releases it (the release is
-- the proposal's `issue_feedback` transition); an approver's decision is held here until it is
-- released (the submission's `approve` / `not_approve` transition). Saving or discarding a paper is
-- audited like any other change.

CREATE TABLE institute_feedback_drafts (
    proposal_id TEXT PRIMARY KEY REFERENCES proposals (id),
    category_fit_and_need TEXT NOT NULL,
    duties_quality_and_relevance TEXT NOT NULL,
    employer_demand_approach TEXT NOT NULL,
    written_by TEXT NOT NULL,
    written_at TEXT NOT NULL
) STRICT;

CREATE TABLE institute_pending_decisions (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'not_approved')),
    reasons TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

-- The one-to-one meeting an AO asked for after feedback, once held.
CREATE TABLE institute_follow_up_meetings (
    proposal_id TEXT PRIMARY KEY REFERENCES proposals (id),
    held_on TEXT NOT NULL,
    notes TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

-- When the answer to each clarification request is due.
CREATE TABLE institute_clarification_due_dates (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    round INTEGER NOT NULL CHECK (round >= 1),
    due_at TEXT NOT NULL,
    PRIMARY KEY (submission_id, round)
) STRICT;
