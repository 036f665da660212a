-- Schema of the embedded Batch service's SQLite database (migration 1).
-- All times are Unix epoch milliseconds. JSON columns hold compact JSON text.
-- Names here are a contract shared by the store (src/server/store/) and the query-language
-- compiler (src/server/query.rs): do not rename; add columns/tables in later migrations.

CREATE TABLE billing_projects (
    name            TEXT PRIMARY KEY,           -- case preserved; compared case-sensitively by v1
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'deleted')),
    limit_usd       REAL,                       -- NULL = unlimited
    time_created    INTEGER NOT NULL
);

CREATE TABLE billing_project_users (
    billing_project TEXT NOT NULL REFERENCES billing_projects(name),
    user            TEXT NOT NULL,
    PRIMARY KEY (billing_project, user)
);

CREATE TABLE batches (
    id              INTEGER PRIMARY KEY,        -- allocated 1, 2, 3, ...
    user            TEXT NOT NULL,
    billing_project TEXT NOT NULL,
    token           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'running', 'complete')),  -- internal state
    attributes      TEXT,                       -- JSON object, NULL when none
    callback        TEXT,
    deleted         INTEGER NOT NULL DEFAULT 0,
    time_created    INTEGER NOT NULL,
    time_completed  INTEGER,                    -- NULL while running
    n_updates       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (user, token)
);
CREATE INDEX batches_by_billing_project ON batches (billing_project, id);
CREATE INDEX batches_by_user ON batches (user, id);

-- Attributes of batches (root group) and job groups, one row per key, for queries.
CREATE TABLE job_group_attributes (
    batch_id        INTEGER NOT NULL,
    job_group_id    INTEGER NOT NULL,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (batch_id, job_group_id, key)
);
CREATE INDEX job_group_attributes_by_key ON job_group_attributes (key, value);

CREATE TABLE job_groups (
    batch_id        INTEGER NOT NULL REFERENCES batches(id),
    job_group_id    INTEGER NOT NULL,           -- 0 = root (the batch itself)
    parent_id       INTEGER,                    -- NULL for the root
    update_id       INTEGER NOT NULL,           -- 0 for the root
    committed       INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL CHECK (state IN ('running', 'complete')),
    cancelled       INTEGER NOT NULL DEFAULT 0, -- explicitly cancelled (inherited by descendants)
    cancel_after_n_failures INTEGER,
    callback        TEXT,
    attributes      TEXT,                       -- JSON object, NULL when none
    n_jobs          INTEGER NOT NULL DEFAULT 0, -- committed jobs in this group and descendants
    n_completed     INTEGER NOT NULL DEFAULT 0,
    n_succeeded     INTEGER NOT NULL DEFAULT 0,
    n_failed        INTEGER NOT NULL DEFAULT 0, -- Failed + Error
    n_cancelled     INTEGER NOT NULL DEFAULT 0,
    time_created    INTEGER NOT NULL,
    time_completed  INTEGER,
    PRIMARY KEY (batch_id, job_group_id)
);

-- Every (group, ancestor) pair including (g, g), for recursive counters and cancellation.
CREATE TABLE job_group_ancestors (
    batch_id        INTEGER NOT NULL,
    job_group_id    INTEGER NOT NULL,
    ancestor_id     INTEGER NOT NULL,
    PRIMARY KEY (batch_id, job_group_id, ancestor_id)
);

CREATE TABLE updates (
    batch_id        INTEGER NOT NULL REFERENCES batches(id),
    update_id       INTEGER NOT NULL,           -- 1, 2, ...
    token           TEXT NOT NULL,
    n_jobs          INTEGER NOT NULL,
    n_job_groups    INTEGER NOT NULL,
    start_job_id    INTEGER NOT NULL,
    start_job_group_id INTEGER NOT NULL,
    committed       INTEGER NOT NULL DEFAULT 0,
    time_created    INTEGER NOT NULL,
    time_committed  INTEGER,
    PRIMARY KEY (batch_id, update_id),
    UNIQUE (batch_id, token)
);

CREATE TABLE jobs (
    batch_id        INTEGER NOT NULL REFERENCES batches(id),
    job_id          INTEGER NOT NULL,
    job_group_id    INTEGER NOT NULL,
    update_id       INTEGER NOT NULL,
    committed       INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL CHECK (state IN
                      ('Pending', 'Ready', 'Creating', 'Running', 'Success', 'Failed', 'Error', 'Cancelled')),
    name            TEXT,                       -- attribute `name`, denormalised for listings
    spec            TEXT NOT NULL,              -- JSON job spec as stored (batch-api §3.9)
    always_run      INTEGER NOT NULL DEFAULT 0,
    n_max_attempts  INTEGER NOT NULL DEFAULT 20,
    cores_mcpu      INTEGER NOT NULL,           -- cpu request in millicores
    cancelled       INTEGER NOT NULL DEFAULT 0, -- sticky flag: a parent did not succeed
    n_pending_parents INTEGER NOT NULL DEFAULT 0,
    attempt_id      TEXT,                       -- current attempt, NULL when none
    status          TEXT,                       -- JSON status document of the latest attempt
    exit_code       INTEGER,
    instance_collection TEXT NOT NULL DEFAULT 'standard',
    time_ready      INTEGER,                    -- when it became Ready (for fair scheduling)
    PRIMARY KEY (batch_id, job_id)
);
CREATE INDEX jobs_by_state ON jobs (state, batch_id, job_id);
CREATE INDEX jobs_by_group ON jobs (batch_id, job_group_id, job_id);

CREATE TABLE job_parents (
    batch_id        INTEGER NOT NULL,
    job_id          INTEGER NOT NULL,
    parent_id       INTEGER NOT NULL,
    PRIMARY KEY (batch_id, job_id, parent_id)
);
CREATE INDEX job_parents_by_parent ON job_parents (batch_id, parent_id);

CREATE TABLE job_attributes (
    batch_id        INTEGER NOT NULL,
    job_id          INTEGER NOT NULL,
    key             TEXT NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (batch_id, job_id, key)
);
CREATE INDEX job_attributes_by_key ON job_attributes (batch_id, key, value);

CREATE TABLE attempts (
    batch_id        INTEGER NOT NULL,
    job_id          INTEGER NOT NULL,
    attempt_id      TEXT NOT NULL,              -- 6 alphanumeric characters
    instance_name   TEXT,
    start_time      INTEGER,
    end_time        INTEGER,
    reason          TEXT,                       -- completed, cancelled, error, terminated, ...
    PRIMARY KEY (batch_id, job_id, attempt_id)
);

-- Bunches already inserted, so a retried bunch is a no-op.
CREATE TABLE bunches (
    batch_id        INTEGER NOT NULL,
    update_id       INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('jobs', 'job_groups')),
    start_id        INTEGER NOT NULL,           -- first relative id of the bunch
    PRIMARY KEY (batch_id, update_id, kind, start_id)
);
