-- The listing fields of each submission's latest submitted version, for the API's submissions page.
-- `submission_versions` is WITHOUT ROWID and holds each version's whole content (~2 KB, overflow
-- pages included), so every key comparison of a seek into it copies the whole row: reading the
-- latest version of 50 submissions that way cost more than the rest of the page. This small table
-- holds only what the page shows, one row per submitted submission (a draft has no version, so no
-- row), read with one short seek.
--
-- It is kept by a trigger, not by the store's code: versions are only ever inserted (never updated
-- or deleted, 0004 refuses it), so the one trigger below runs inside the very transaction of every
-- submit and amendment, whichever path writes it, and a crash can never leave it out of step.
-- The values are json_extract's own (the columns have no type, so nothing is converted): the same
-- values the general path's json_extract gives, so the same bytes served.
CREATE TABLE submission_listing (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    latest_version INTEGER NOT NULL,
    title TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    category,
    level,
    route
) WITHOUT ROWID;

CREATE TRIGGER submission_versions_keep_listing AFTER INSERT ON submission_versions
BEGIN
    INSERT INTO submission_listing (submission_id, latest_version, title, submitted_at, category, level, route)
    VALUES (NEW.submission_id, NEW.number, NEW.title, NEW.submitted_at, json_extract(NEW.content, '$.category'),
            json_extract(NEW.content, '$.level'), json_extract(NEW.content, '$.route'))
    ON CONFLICT (submission_id) DO UPDATE SET
        latest_version = excluded.latest_version, title = excluded.title, submitted_at = excluded.submitted_at,
        category = excluded.category, level = excluded.level, route = excluded.route
    WHERE excluded.latest_version > submission_listing.latest_version;
END;

-- The versions already stored: each submission's highest-numbered one.
INSERT INTO submission_listing (submission_id, latest_version, title, submitted_at, category, level, route)
SELECT v.submission_id, v.number, v.title, v.submitted_at, json_extract(v.content, '$.category'),
       json_extract(v.content, '$.level'), json_extract(v.content, '$.route')
FROM submission_versions v
WHERE v.number = (SELECT max(number) FROM submission_versions WHERE submission_id = v.submission_id);
