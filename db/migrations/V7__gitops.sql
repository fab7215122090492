-- GitOps (issue 13): git sources per mesh, deliveries seen (deduplication that survives restarts), sync history,
-- poll timers, and the provenance of revisions written from git.

CREATE TABLE git_sources (
    id                    uuid PRIMARY KEY,
    tenant_id             uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mesh_id               uuid NOT NULL REFERENCES meshes (id) ON DELETE CASCADE,
    name                  text NOT NULL CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    provider              text NOT NULL CHECK (provider IN ('github', 'gitlab', 'bitbucket-cloud', 'bitbucket-server',
                                                            'gitea', 'forgejo', 'generic')),
    repository            text NOT NULL CHECK (length(repository) BETWEEN 1 AND 2000),
    branch                text NOT NULL CHECK (length(branch) BETWEEN 1 AND 255),
    path                  text NOT NULL CHECK (length(path) BETWEEN 1 AND 1024),
    -- the receiver's unguessable path segment (POST /hooks/{hook_id})
    hook_id               text NOT NULL UNIQUE,
    -- sealed with SecretSeal (WrappedKey.encoded()), bound to the source id: never stored or returned in clear
    webhook_secret        text NOT NULL,
    credential_username   text,
    credential_token      text,
    poll_seconds          integer CHECK (poll_seconds IS NULL OR poll_seconds > 0),
    suspended             boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- status of the last sync (the last delivery is the newest git_deliveries row: deliveries never lock this row)
    last_sync_at          timestamptz,
    last_result           text CHECK (last_result IS NULL OR last_result IN ('SYNCED', 'UNCHANGED', 'INVALID', 'FAILED', 'STALE')),
    last_commit           text,
    last_error            text,
    last_findings         jsonb NOT NULL DEFAULT '[]'::jsonb,
    synced_commit         text,
    synced_revision       integer,
    UNIQUE (mesh_id, name),
    CHECK ((credential_token IS NULL) OR (credential_username IS NOT NULL))
);
CREATE INDEX git_sources_tenant ON git_sources (tenant_id);

-- Every verified delivery of a source by id, with what was made of it: a redelivery of an accepted push (also after a
-- restart) is recognised and answered as a duplicate; the newest row is the source's "last delivery".
CREATE TABLE git_deliveries (
    source_id   uuid NOT NULL REFERENCES git_sources (id) ON DELETE CASCADE,
    delivery_id text NOT NULL,
    result      text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_id, delivery_id)
);
CREATE INDEX git_deliveries_received ON git_deliveries (received_at);
CREATE INDEX git_deliveries_latest ON git_deliveries (source_id, received_at DESC);

-- What each sync did: the commit read, its author and message, the revision it made (if any), findings or error.
CREATE TABLE git_syncs (
    id          bigserial PRIMARY KEY,
    source_id   uuid NOT NULL REFERENCES git_sources (id) ON DELETE CASCADE,
    trigger     text NOT NULL CHECK (trigger IN ('webhook', 'manual', 'poll', 'created')),
    result      text NOT NULL CHECK (result IN ('SYNCED', 'UNCHANGED', 'INVALID', 'FAILED', 'STALE')),
    commit_id   text,
    author      text,
    message     text,
    revision    integer,
    findings    jsonb NOT NULL DEFAULT '[]'::jsonb,
    error       text,
    duration_ms bigint NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX git_syncs_source ON git_syncs (source_id, id DESC);

-- Poll timers of the sync workflow (WorkflowTimers): claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE gitops_timers (
    id        bigserial PRIMARY KEY,
    source_id uuid NOT NULL REFERENCES git_sources (id) ON DELETE CASCADE,
    name      text NOT NULL,
    fire_at   timestamptz NOT NULL,
    UNIQUE (source_id, name)
);
CREATE INDEX gitops_timers_due ON gitops_timers (fire_at);

-- Where a revision came from when a system wrote it (GitOps: repository, commit, author, message, source).
ALTER TABLE intent_revisions ADD COLUMN provenance jsonb;
