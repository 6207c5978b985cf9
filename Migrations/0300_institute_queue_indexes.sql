-- The Institute's queues, home counts and audit trail answered by SQL instead of by reading every
-- record per request (issue 9: their p99 at the deadline peak).
--
-- The route a proposal or submission is in lives only in the record's body; a virtual generated
-- column reads it from there (for a submission: its latest submitted version, else its draft, as the
-- queue shows it) and the index keeps it, so filtering by route reads no body.
ALTER TABLE submissions ADD COLUMN route_code TEXT
    GENERATED ALWAYS AS (coalesce(json_extract(body, '$.versions[#-1].content.route'), json_extract(body, '$.draft.route'))) VIRTUAL;
ALTER TABLE proposals ADD COLUMN route_code TEXT GENERATED ALWAYS AS (json_extract(body, '$.content.route')) VIRTUAL;

-- Counts by state (the queues' table and the home page's tasks: by state and reviewer) read only an
-- index; the filters each narrow by an index.
CREATE INDEX submissions_queue_by_state ON submissions (state, assigned_reviewer_id);
CREATE INDEX submissions_queue_by_route ON submissions (route_code);
CREATE INDEX submissions_queue_by_category ON submissions (category_code);
CREATE INDEX submissions_queue_by_reviewer ON submissions (assigned_reviewer_id);
CREATE INDEX proposals_queue_by_state ON proposals (state, assigned_reviewer_id);
CREATE INDEX proposals_queue_by_route ON proposals (route_code);
CREATE INDEX proposals_queue_by_category ON proposals (category_code);
CREATE INDEX proposals_queue_by_reviewer ON proposals (assigned_reviewer_id);
CREATE INDEX late_submission_exceptions_by_state ON late_submission_exceptions (state);

-- The audit trail's filters, each newest first by sequence: a record's history (by reference or
-- identifier), one person's actions, one kind of action (also the filter's list of actions), a time.
CREATE INDEX audit_events_by_reference ON audit_events (record_reference, sequence);
CREATE INDEX audit_events_by_record_id ON audit_events (record_id, sequence);
CREATE INDEX audit_events_by_actor ON audit_events (actor_user_id, sequence);
CREATE INDEX audit_events_by_action ON audit_events (action, sequence);
CREATE INDEX audit_events_by_time ON audit_events (occurred_at);
