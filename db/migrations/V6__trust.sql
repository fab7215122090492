-- Trust federation: a mesh's root CAs (keys sealed under a KEK), what every cluster of the mesh should hold in
-- istio-system/cacerts (issuing root and bundle layout), the intermediates issued from in-cluster CSRs, what each
-- cluster's agent last saw (the evidence rotations advance on), and root rotations as workflow instances.

CREATE TABLE trust_roots (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mesh_id         uuid NOT NULL REFERENCES meshes (id) ON DELETE CASCADE,
    trust_domain    text NOT NULL,
    certificate_pem text NOT NULL,
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- WrappedKey.encoded(): AES-256-GCM under a KEK, bound to the root's id; null once the key is destroyed
    sealed_key      text,
    algorithm       text NOT NULL,
    source          text NOT NULL CHECK (source IN ('GENERATED', 'IMPORTED')),
    subject         text NOT NULL,
    serial          text NOT NULL,
    not_before      timestamptz NOT NULL,
    not_after       timestamptz NOT NULL,
    state           text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'RETIRING', 'RETIRED')),
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    retire_after    timestamptz,
    retired_at      timestamptz,
    UNIQUE (mesh_id, sha256),
    CHECK (state <> 'RETIRED' OR sealed_key IS NULL)
);
CREATE INDEX trust_roots_mesh ON trust_roots (mesh_id, created_at);

-- What every cluster the mesh places should hold. bundle: root ids in order, a root may appear twice (A+B+B makes a
-- byte-different root-cert.pem so that istiod reloads). sequence: the SPIFFE bundle's spiffe_sequence.
CREATE TABLE trust_meshes (
    mesh_id        uuid PRIMARY KEY REFERENCES meshes (id) ON DELETE CASCADE,
    tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    issuer_root_id uuid NOT NULL REFERENCES trust_roots (id),
    bundle         jsonb NOT NULL CHECK (jsonb_typeof(bundle) = 'array' AND jsonb_array_length(bundle) > 0),
    probe_leaves   boolean NOT NULL DEFAULT false,
    sequence       bigint NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE trust_intermediates (
    id              uuid PRIMARY KEY,
    mesh_id         uuid NOT NULL REFERENCES meshes (id) ON DELETE CASCADE,
    cluster_id      uuid NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    root_id         uuid NOT NULL REFERENCES trust_roots (id) ON DELETE CASCADE,
    certificate_pem text NOT NULL,
    sha256          text NOT NULL,
    serial          text NOT NULL,
    not_before      timestamptz NOT NULL,
    not_after       timestamptz NOT NULL,
    issued_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trust_intermediates_cluster ON trust_intermediates (mesh_id, cluster_id, issued_at DESC);
CREATE INDEX trust_intermediates_root ON trust_intermediates (root_id, not_after DESC);

-- The last TrustReport of each cluster's agent, as sent.
CREATE TABLE trust_cluster_reports (
    cluster_id  uuid PRIMARY KEY REFERENCES clusters (id) ON DELETE CASCADE,
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    report      jsonb NOT NULL,
    reported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE trust_rotations (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    mesh_id          uuid NOT NULL REFERENCES meshes (id) ON DELETE CASCADE,
    from_root_id     uuid NOT NULL REFERENCES trust_roots (id),
    to_root_id       uuid NOT NULL REFERENCES trust_roots (id),
    -- FORWARD: from -> to; ROLLBACK (after an abort): back to from, through the same phases with the roles swapped
    direction        text NOT NULL DEFAULT 'FORWARD' CHECK (direction IN ('FORWARD', 'ROLLBACK')),
    phase            text NOT NULL,
    status           text NOT NULL CHECK (status IN ('RUNNING', 'PAUSED', 'COMPLETED', 'ROLLED_BACK')),
    phase_started_at timestamptz NOT NULL DEFAULT now(),
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);
CREATE UNIQUE INDEX trust_rotations_one_active ON trust_rotations (mesh_id) WHERE status IN ('RUNNING', 'PAUSED');

CREATE TABLE trust_rotation_timers (
    id          bigserial PRIMARY KEY,
    rotation_id uuid NOT NULL REFERENCES trust_rotations (id) ON DELETE CASCADE,
    name        text NOT NULL,
    fire_at     timestamptz NOT NULL,
    UNIQUE (rotation_id, name)
);
CREATE INDEX trust_rotation_timers_due ON trust_rotation_timers (fire_at);

-- When each cluster first showed the evidence a phase asks for (per direction: a rollback passes the phases again).
CREATE TABLE trust_rotation_confirmations (
    rotation_id  uuid NOT NULL REFERENCES trust_rotations (id) ON DELETE CASCADE,
    direction    text NOT NULL,
    phase        text NOT NULL,
    cluster_id   uuid NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    confirmed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rotation_id, direction, phase, cluster_id)
);

CREATE TABLE trust_rotation_events (
    id          bigserial PRIMARY KEY,
    rotation_id uuid NOT NULL REFERENCES trust_rotations (id) ON DELETE CASCADE,
    type        text NOT NULL,
    phase       text NOT NULL,
    detail      text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trust_rotation_events_rotation ON trust_rotation_events (rotation_id, id);
