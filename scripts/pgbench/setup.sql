-- Tenant "pgbench" with meshes p0..p15, each at revision 1 holding the document the API benchmark wrote last
-- (psql variables: spec, findings). Any earlier pgbench tenant goes first (its meshes and revisions cascade).
DELETE FROM tenants WHERE name = 'pgbench';
INSERT INTO tenants (id, name, display_name) VALUES (gen_random_uuid(), 'pgbench', 'pgbench');
INSERT INTO meshes (id, tenant_id, name, trust_domain)
SELECT gen_random_uuid(), t.id, 'p' || i, 'cluster.local' FROM tenants t, generate_series(0, :clients - 1) i
 WHERE t.name = 'pgbench';
INSERT INTO intent_revisions (mesh_id, number, spec, spec_sha256, author, source, findings)
SELECT m.id, 1, :'spec', 'seed', 'pgbench', 'api', :'findings' FROM meshes m JOIN tenants t ON t.id = m.tenant_id
 WHERE t.name = 'pgbench';
UPDATE meshes SET current_revision = 1 WHERE tenant_id = (SELECT id FROM tenants WHERE name = 'pgbench');
SELECT id FROM tenants WHERE name = 'pgbench';
