-- pgbench: the rows one intent PUT writes, with nothing else (no HTTP, no parsing, no checks): the database's own limit
-- for the intent API. scripts/bench-intent runs it with 16 clients next to the API benchmark and prints the ratio.
-- Each client owns one mesh (p<client_id>, as the API benchmark's clients own m<n>), so, as there, no two transactions
-- wait for one mesh's lock. Variables (pgbench -D): tenant (uuid), spec (the intent document, jsonb), findings (jsonb).
-- Run with -M prepared: the variables travel as parameters, so the 2 KB document is sent on every transaction.
BEGIN;
-- the mesh row is locked: revisions of a mesh are numbered one at a time (Mesh.lockByName)
SELECT id AS mesh_id, current_revision AS current FROM meshes
 WHERE tenant_id = :tenant AND name = 'p' || :client_id::text FOR UPDATE \gset
-- the current revision's hash: an unchanged intent makes no revision
SELECT spec_sha256 FROM intent_revisions WHERE mesh_id = :mesh_id AND number = :current;
\set next :current + 1
INSERT INTO intent_revisions (mesh_id, number, spec, spec_sha256, author, source, parent, findings, created_at)
VALUES (:mesh_id, :next, :spec, md5(random()::text) || md5(random()::text), 'pgbench', 'api', :current, :findings,
        now()) RETURNING id;
UPDATE meshes SET current_revision = :next WHERE id = :mesh_id;
INSERT INTO audit_log (tenant_id, actor, action, object_type, object_name, before_revision, after_revision, source,
                       request_id, details)
VALUES (:tenant, 'pgbench', 'intent.update', 'mesh', 'p' || :client_id::text, :current, :next, 'api', gen_random_uuid()::text,
        jsonb_build_object('sha256', md5(random()::text))) RETURNING id;
INSERT INTO outbox (topic, message_key, message_id, payload)
VALUES ('meshfleet-pgbench.intent.revisions', :mesh_id, gen_random_uuid(),
        jsonb_build_object('tenant', 'pgbench', 'tenantId', :tenant::uuid, 'mesh', 'p' || :client_id::text, 'meshId', :mesh_id::uuid,
                           'revision', :next::int, 'sha256', md5(random()::text), 'messageId', gen_random_uuid()))
RETURNING id;
END;
