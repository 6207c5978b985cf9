-- The API's change feed, each event already written as the JSON the feed serves. The feed read
-- `audit_events` (a wide row each: details, hashes) and wrote nine fields an event; the events are
-- never changed or deleted (0001 refuses it), so each one's item can be written once, when it is
-- appended, in the same transaction, and a page is one short scan and a copy an event.
--
-- `change_feed_events` says which events the feed carries, and `change_feed_written` their items,
-- in one place for the trigger and the backfill: the record types DfE and Ofqual read, without the
-- events about drafts (creating or editing one, and withdrawing one never submitted). It must say
-- what `APIReader.changesSQL` says (the general path, from which the feed's bytes are tested page by
-- page); a change to either is a new migration here.
CREATE VIEW change_feed_events AS
SELECT sequence, action, actor_role, occurred_at, record_id, record_reference, record_type, state_after, state_before
FROM audit_events
WHERE record_type IN ('submission', 'review', 'proposal', 'registration_of_intent', 'organisation', 'cycle',
                      'late_submission_exception', 'change_after_approval')
  AND NOT (record_type IN ('submission', 'proposal', 'registration_of_intent') AND action IN ('create', 'edit_draft'))
  AND coalesce(state_after, '') <> 'draft'
  AND NOT (coalesce(state_before, '') = 'draft' AND action = 'withdraw');

-- Each such event's item: keys in sorted order, as the OpenAPI document lists them and the general
-- writer writes them; the columns are STRICT text or integer in `audit_events`, so json_object gives
-- the same values.
CREATE VIEW change_feed_written AS
SELECT sequence, json_object('action', action, 'actor_role', actor_role, 'occurred_at', occurred_at,
    'record_id', record_id, 'record_reference', record_reference, 'record_type', record_type,
    'sequence', sequence, 'state_after', state_after, 'state_before', state_before) AS item
FROM change_feed_events;

CREATE TABLE change_feed_items (
    sequence INTEGER PRIMARY KEY,
    item TEXT NOT NULL
);

CREATE TRIGGER audit_events_keep_change_feed AFTER INSERT ON audit_events
BEGIN
    INSERT INTO change_feed_items (sequence, item) SELECT sequence, item FROM change_feed_written WHERE sequence = NEW.sequence;
END;

INSERT INTO change_feed_items (sequence, item) SELECT sequence, item FROM change_feed_written;
