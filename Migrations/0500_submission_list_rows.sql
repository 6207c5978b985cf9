-- Every field of the API's submissions list in one row per submitted submission, in list order.
-- The page read `submissions` (about 4 KB a row with its body, so one b-tree page per row), then
-- sought `submission_listing` and `decisions` for each row: three seeks a row, most of the page's
-- cost in SQLite, and writing 16 fields a row as JSON the rest. This table holds only what the list
-- shows, keyed by the list's position (the submission's rowid), each item's JSON already written, so
-- a page is one short scan and a copy a row.
--
-- It is kept by triggers, not by the store's code, so that it changes in the very transaction of
-- the change it copies, whichever path writes it, and a crash can never leave it out of step:
--   * a version inserted (submit, amendment) makes or refreshes the row, as 0400's listing did;
--   * a submission updated (state, version, timestamps) is copied over;
--   * a decision inserted is copied (decisions are never updated or deleted: 0004 refuses it).
-- The values are copied as they are (columns without a type where the source has none, and the
-- sources' own types elsewhere), so the page's bytes are the general query's.
-- It replaces 0400's `submission_listing`, whose fields it holds.
CREATE TABLE submission_list_rows (
    position INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id),
    reference TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    cycle_id TEXT NOT NULL,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changes_submission_id TEXT,
    latest_version INTEGER NOT NULL,
    title TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    category,
    level,
    route,
    outcome TEXT,
    decided_at TEXT,
    -- The list item as the API serves it, kept by SQLite whenever a field above changes: keys in
    -- sorted order (the OpenAPI document's and the general writer's), a field that is not of its
    -- type is null, as the general path reads it, and the decision is an object once it exists.
    item TEXT NOT NULL GENERATED ALWAYS AS (json_object(
        'category', CASE typeof(category) WHEN 'text' THEN category END,
        'changes_submission_id', changes_submission_id,
        'created_at', created_at,
        'cycle_id', cycle_id,
        'decision', CASE WHEN outcome IS NOT NULL THEN json_object('decided_at', decided_at, 'outcome', outcome) END,
        'id', submission_id,
        'latest_version', latest_version,
        'level', CASE WHEN typeof(level) = 'integer' THEN level
                      WHEN typeof(level) = 'real' AND level = CAST(level AS INTEGER) THEN CAST(level AS INTEGER) END,
        'organisation_id', organisation_id,
        'reference', reference,
        'route', CASE typeof(route) WHEN 'text' THEN route END,
        'status', state,
        'submitted_at', submitted_at,
        'title', title,
        'updated_at', updated_at,
        'version', version)) STORED
);
CREATE INDEX submission_list_rows_by_organisation ON submission_list_rows (organisation_id);

CREATE TRIGGER submission_versions_keep_list_rows AFTER INSERT ON submission_versions
BEGIN
    INSERT INTO submission_list_rows (position, submission_id, reference, organisation_id, cycle_id, state, version,
        created_at, updated_at, changes_submission_id, latest_version, title, submitted_at, category, level, route,
        outcome, decided_at)
    SELECT x.rowid, x.id, x.reference, x.organisation_id, x.cycle_id, x.state, x.version, x.created_at, x.updated_at,
        x.changes_submission_id, NEW.number, NEW.title, NEW.submitted_at, json_extract(NEW.content, '$.category'),
        json_extract(NEW.content, '$.level'), json_extract(NEW.content, '$.route'), d.outcome, d.decided_at
    FROM submissions x LEFT JOIN decisions d ON d.submission_id = x.id
    WHERE x.id = NEW.submission_id
    ON CONFLICT (submission_id) DO UPDATE SET
        latest_version = excluded.latest_version, title = excluded.title, submitted_at = excluded.submitted_at,
        category = excluded.category, level = excluded.level, route = excluded.route
    WHERE excluded.latest_version > submission_list_rows.latest_version;
END;

CREATE TRIGGER submissions_keep_list_rows AFTER UPDATE ON submissions
BEGIN
    UPDATE submission_list_rows SET reference = NEW.reference,
        organisation_id = NEW.organisation_id, cycle_id = NEW.cycle_id, state = NEW.state, version = NEW.version,
        created_at = NEW.created_at, updated_at = NEW.updated_at, changes_submission_id = NEW.changes_submission_id
    WHERE submission_id = NEW.id;
END;

CREATE TRIGGER submissions_drop_list_rows AFTER DELETE ON submissions
BEGIN
    DELETE FROM submission_list_rows WHERE submission_id = OLD.id;
END;

CREATE TRIGGER decisions_keep_list_rows AFTER INSERT ON decisions
BEGIN
    UPDATE submission_list_rows SET outcome = NEW.outcome, decided_at = NEW.decided_at
    WHERE submission_id = NEW.submission_id;
END;

-- The submissions already submitted, from 0400's listing (it holds each one's latest version).
INSERT INTO submission_list_rows (position, submission_id, reference, organisation_id, cycle_id, state, version,
    created_at, updated_at, changes_submission_id, latest_version, title, submitted_at, category, level, route,
    outcome, decided_at)
SELECT x.rowid, x.id, x.reference, x.organisation_id, x.cycle_id, x.state, x.version, x.created_at, x.updated_at,
    x.changes_submission_id, l.latest_version, l.title, l.submitted_at, l.category, l.level, l.route, d.outcome,
    d.decided_at
FROM submissions x JOIN submission_listing l ON l.submission_id = x.id LEFT JOIN decisions d ON d.submission_id = x.id;

DROP TRIGGER submission_versions_keep_listing;
DROP TABLE submission_listing;
