-- Agents: their credential's age and software version, and per (mesh, cluster) what the agent last reported.
ALTER TABLE clusters ADD COLUMN agent_version text;
ALTER TABLE clusters ADD COLUMN credential_issued_at timestamptz;
CREATE UNIQUE INDEX clusters_credential_hash ON clusters (credential_hash) WHERE credential_hash IS NOT NULL;
CREATE UNIQUE INDEX clusters_bootstrap_token_hash ON clusters (bootstrap_token_hash) WHERE bootstrap_token_hash IS NOT NULL;

-- How the agents of a mesh's clusters treat conflicts with other field managers and drift.
ALTER TABLE meshes ADD COLUMN delivery_policy jsonb NOT NULL
    DEFAULT '{"forceConflicts": false, "drift": "correct"}'::jsonb CHECK (jsonb_typeof(delivery_policy) = 'object');

CREATE TABLE delivery_status (
    mesh_id          uuid NOT NULL REFERENCES meshes (id) ON DELETE CASCADE,
    cluster_id       uuid NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    reported_revision integer NOT NULL CHECK (reported_revision > 0),
    state            text NOT NULL CHECK (state IN ('APPLIED', 'PARTIAL', 'FAILED')),
    results          jsonb NOT NULL DEFAULT '[]'::jsonb,
    drift            jsonb NOT NULL DEFAULT '[]'::jsonb,
    reported_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (mesh_id, cluster_id)
);
