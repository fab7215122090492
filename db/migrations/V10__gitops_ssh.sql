-- GitOps over SSH (issue 13): a source may fetch with an SSH private key (sealed with SecretSeal like the token, bound
-- to the source id; never returned) and checks the server's host key against the known_hosts lines stored with it.
ALTER TABLE git_sources ADD COLUMN credential_ssh_key text;
ALTER TABLE git_sources ADD COLUMN known_hosts text CHECK (known_hosts IS NULL OR length(known_hosts) BETWEEN 1 AND 16384);
ALTER TABLE git_sources ADD CONSTRAINT git_sources_one_credential
    CHECK (credential_token IS NULL OR credential_ssh_key IS NULL);
