-- Meshfleet foundation schema: tenants, memberships, clusters, meshes, intent revisions, audit log, outbox.
-- Invariants live here as constraints, not only in Java.

CREATE TABLE tenants (
    id           uuid PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    display_name text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    principal_kind text NOT NULL CHECK (principal_kind IN ('user', 'group')),
    principal      text NOT NULL CHECK (length(principal) BETWEEN 1 AND 255),
    role           text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, principal_kind, principal)
);
CREATE INDEX memberships_principal ON memberships (principal_kind, principal);

CREATE TABLE clusters (
    id                      uuid PRIMARY KEY,
    tenant_id               uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name                    text NOT NULL CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    labels                  jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(labels) = 'object'),
    bootstrap_token_hash    text,
    bootstrap_expires_at    timestamptz,
    credential_hash         text,
    istio_version           text,
    istio_api_versions      jsonb,
    last_contact_at         timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name),
    CHECK ((bootstrap_token_hash IS NULL) = (bootstrap_expires_at IS NULL))
);

CREATE TABLE meshes (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name             text NOT NULL CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    trust_domain     text NOT NULL CHECK (length(trust_domain) BETWEEN 1 AND 253),
    placement        jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(placement) = 'object'),
    current_revision integer CHECK (current_revision IS NULL OR current_revision > 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);

CREATE TABLE intent_revisions (
    id          bigserial PRIMARY KEY,
    mesh_id     uuid NOT NULL REFERENCES meshes (id) ON DELETE CASCADE,
    number      integer NOT NULL CHECK (number > 0),
    spec        jsonb NOT NULL,
    spec_sha256 text NOT NULL,
    author      text NOT NULL,
    source      text NOT NULL CHECK (source IN ('api', 'console', 'gitops', 'restore')),
    source_ref  text,
    parent      integer,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (mesh_id, number),
    CHECK (parent IS NULL OR parent < number)
);

-- The mesh's current revision must be one of its own revisions.
ALTER TABLE meshes ADD CONSTRAINT meshes_current_revision_fk
    FOREIGN KEY (id, current_revision) REFERENCES intent_revisions (mesh_id, number) DEFERRABLE INITIALLY DEFERRED;

-- Audit entries outlive what they describe (a deleted tenant's history stays readable to platform admins),
-- so tenant_id is deliberately not a foreign key.
CREATE TABLE audit_log (
    id              bigserial PRIMARY KEY,
    tenant_id       uuid,
    actor           text NOT NULL,
    action          text NOT NULL,
    object_type     text NOT NULL,
    object_name     text NOT NULL,
    before_revision integer,
    after_revision  integer,
    source          text NOT NULL,
    request_id      text NOT NULL,
    details         jsonb,
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id DESC);

CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    topic        text NOT NULL CHECK (topic ~ '^meshfleet\.[a-z]+\.[a-z.-]+$'),
    message_key  text NOT NULL,
    message_id   uuid NOT NULL UNIQUE,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

CREATE TABLE processed_messages (
    consumer     text NOT NULL,
    message_id   uuid NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
