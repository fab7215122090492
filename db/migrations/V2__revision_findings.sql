-- Warnings found when a revision was accepted (errors refuse the intent, so only warnings are ever stored).
ALTER TABLE intent_revisions ADD COLUMN findings jsonb NOT NULL DEFAULT '[]'::jsonb
    CHECK (jsonb_typeof(findings) = 'array');
