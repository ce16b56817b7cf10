-- One policy decision per alert, key and action, since a cluster alert acts on each member:
-- decisions recorded before keep their meaning under the new key. The update is deterministic,
-- so two instances applying it at once agree.
ALTER TABLE enforcement UPDATE dedupe_key = concat(assumeNotNull(alert_id), '/', api_key_id, '/', action) WHERE alert_id IS NOT NULL;
