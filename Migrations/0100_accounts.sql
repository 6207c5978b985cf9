-- Accounts: sessions, single-use links (invitations and password resets), second factors, API
-- tokens and the outbox of messages. Every secret a person or client holds (session identifier, link
-- token, API token) is stored only as its SHA-256 in lower-case hex, so a copy of the database
-- lets nobody sign in. Passwords live in users.password_hash as `scrypt$N$r$p$salt$hash`, the
-- parameters with each hash so that they can be raised later.

CREATE TABLE sessions (
    id_sha256 TEXT PRIMARY KEY CHECK (length(id_sha256) = 64),
    user_id TEXT NOT NULL REFERENCES users (id),
    -- 'signed_in', or a step of the sign-in still to do: the one-time code, or setting up a second factor.
    stage TEXT NOT NULL CHECK (stage IN ('signed_in', 'awaiting_code', 'awaiting_code_setup')),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,                -- the absolute expiry; the idle one is last_seen_at + a setting
    ended_at TEXT,
    ended_reason TEXT CHECK (ended_reason IN ('signed_out', 'expired', 'deactivated', 'replaced', 'password_changed')),
    CHECK (created_at < expires_at)
) STRICT;
CREATE INDEX sessions_open_by_user ON sessions (user_id) WHERE ended_at IS NULL;

-- Links sent to a person (or shown to whoever invited them): an invitation to set a first password,
-- or a password reset. Each works once, until it expires.
CREATE TABLE account_links (
    token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64),
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    CHECK (created_at < expires_at)
) STRICT;
CREATE INDEX account_links_by_user ON account_links (user_id);

-- Time-based one-time password secrets of the Institute's staff, with the last step accepted so a
-- code can never be used twice. confirmed_at is NULL until the person has typed a first good code.
CREATE TABLE second_factors (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    secret_base32 TEXT NOT NULL,
    last_used_counter INTEGER,
    created_at TEXT NOT NULL,
    confirmed_at TEXT
) STRICT;

-- Read-only API tokens for DfE and Ofqual.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    CHECK (created_at < expires_at)
) STRICT;

-- Messages that would be emailed. Written in the transaction that makes the link they carry;
-- sent_at stays NULL until a mailer delivers them.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;
