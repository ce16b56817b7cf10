-- An exclusion (a rule matched an allow-listed key) is deduplicated apart from the action, which
-- may follow once the allow-list entry is gone. Deterministic, like 006, and applied after it.
ALTER TABLE enforcement UPDATE dedupe_key = concat(assumeNotNull(dedupe_key), '/excluded') WHERE status = 'excluded' AND dedupe_key IS NOT NULL;
