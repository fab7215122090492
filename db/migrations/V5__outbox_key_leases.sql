-- Outbox topics carry the installation's prefix (meshfleet.kafka.prefix): any valid Kafka topic name.
ALTER TABLE outbox DROP CONSTRAINT outbox_topic_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_topic_check CHECK (topic ~ '^[A-Za-z0-9._-]{1,249}$');

-- A relay publishes a key's messages only while it holds the key's lease, so with several replicas relaying one key's
-- messages still reach Kafka in order; a lease left by a relay that died expires and any relay takes the key over.
CREATE TABLE outbox_leases (
    topic       text NOT NULL,
    message_key text NOT NULL,
    holder      text NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, message_key)
);
CREATE INDEX outbox_leases_holder ON outbox_leases (holder);
