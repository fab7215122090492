-- A registration whose answer was lost (a timeout under load, a dropped connection) may be retried: the agent sends the
-- same idempotency key with each try of its bootstrap token, and until its first stream opens (or for 10 minutes) a try
-- with that token and key is issued a credential again. Only the hash of token and key together is kept.
ALTER TABLE clusters ADD COLUMN bootstrap_retry_hash text;
ALTER TABLE clusters ADD COLUMN bootstrap_retry_until timestamptz;
ALTER TABLE clusters ADD CONSTRAINT clusters_bootstrap_retry_pair
    CHECK ((bootstrap_retry_hash IS NULL) = (bootstrap_retry_until IS NULL));
CREATE UNIQUE INDEX clusters_bootstrap_retry_hash ON clusters (bootstrap_retry_hash) WHERE bootstrap_retry_hash IS NOT NULL;
