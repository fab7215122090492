-- Canary rollouts: the request as written, the plan's resolved waves, the state machine's state, and what the engine
-- needs around it: per-cluster weights and confirmations, timers, measurements, analysis verdicts and events.

-- Where a cluster's agent finds the cluster's Prometheus (the HTTP API, /api/v1/query) for rollout analysis.
ALTER TABLE clusters ADD COLUMN prometheus_url text CHECK (prometheus_url IS NULL OR prometheus_url ~ '^https?://');

CREATE TABLE rollouts (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mesh_id         uuid NOT NULL REFERENCES meshes (id) ON DELETE CASCADE,
    services        jsonb NOT NULL CHECK (jsonb_typeof(services) = 'array' AND jsonb_array_length(services) > 0),
    stable_version  text NOT NULL,
    canary_version  text NOT NULL,
    request         jsonb NOT NULL,
    waves           jsonb NOT NULL CHECK (jsonb_typeof(waves) = 'array'),
    state           jsonb NOT NULL,
    phase           text NOT NULL CHECK (phase IN ('PENDING', 'PROGRESSING', 'PAUSED', 'SUCCEEDED', 'ABORTED', 'FAILED')),
    -- the intent revision current when the rollout started, and the one it committed when it succeeded
    base_revision   integer NOT NULL,
    result_revision integer,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    step_started_at timestamptz,
    finished_at     timestamptz,
    -- while null the rollout's weights overlay the mesh's intent on its clusters (also after an abort: held on stable)
    released_at     timestamptz
);
CREATE INDEX rollouts_mesh ON rollouts (mesh_id, created_at DESC);
CREATE INDEX rollouts_held ON rollouts (tenant_id) WHERE released_at IS NULL;

CREATE TABLE rollout_clusters (
    rollout_id             uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    cluster_id             uuid NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    cluster_name           text NOT NULL,
    wave                   integer NOT NULL CHECK (wave >= 0),
    weight                 integer NOT NULL DEFAULT 0 CHECK (weight BETWEEN 0 AND 100),
    generation             bigint NOT NULL DEFAULT 0,
    confirmed_generation   bigint NOT NULL DEFAULT 0,
    confirmed_weight       integer,
    confirmed_revision     integer,
    confirmed_at           timestamptz,
    PRIMARY KEY (rollout_id, cluster_id),
    UNIQUE (rollout_id, cluster_name)
);
CREATE INDEX rollout_clusters_cluster ON rollout_clusters (cluster_id);

-- Timers fire by being claimed (FOR UPDATE SKIP LOCKED) and turned into a command in the same transaction.
CREATE TABLE rollout_timers (
    id         bigserial PRIMARY KEY,
    rollout_id uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    name       text NOT NULL,
    fire_at    timestamptz NOT NULL,
    UNIQUE (rollout_id, name)
);
CREATE INDEX rollout_timers_due ON rollout_timers (fire_at);

-- Every value an agent measured (null: Prometheus had no data).
CREATE TABLE rollout_measurements (
    id          bigserial PRIMARY KEY,
    rollout_id  uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    cluster_id  uuid NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    metric      text NOT NULL,
    value       double precision,
    error       text,
    measured_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollout_measurements_recent ON rollout_measurements (rollout_id, measured_at DESC);

-- Every fleet-wide judgement, with the measurements it used.
CREATE TABLE rollout_analyses (
    id           bigserial PRIMARY KEY,
    rollout_id   uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    verdict      text NOT NULL CHECK (verdict IN ('SUCCESSFUL', 'FAILED', 'INCONCLUSIVE')),
    measurements jsonb NOT NULL,
    judged_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollout_analyses_rollout ON rollout_analyses (rollout_id, id);

-- What happened, in order: the history behind GET .../rollouts/{id}/events (also published on meshfleet.rollout.events).
CREATE TABLE rollout_events (
    id         bigserial PRIMARY KEY,
    rollout_id uuid NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    type       text NOT NULL,
    detail     text,
    phase      text NOT NULL,
    wave       integer NOT NULL,
    step       integer NOT NULL,
    weight     integer NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollout_events_rollout ON rollout_events (rollout_id, id);

-- A rollout that succeeds records its outcome as a revision of its own (the canary's weights written out).
ALTER TABLE intent_revisions DROP CONSTRAINT intent_revisions_source_check;
ALTER TABLE intent_revisions ADD CONSTRAINT intent_revisions_source_check
    CHECK (source IN ('api', 'console', 'gitops', 'restore', 'rollout'));
