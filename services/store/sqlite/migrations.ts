import type { Database } from 'better-sqlite3';

/**
 * The schema, one numbered step per change; never edit a step that has shipped, add one.
 * `PRAGMA user_version` records the last step applied, so applying them is idempotent.
 */
const MIGRATIONS: readonly string[] = [
  // 1: ingest journal, consumer positions, detector state, alerts and their triage, key history.
  `
  CREATE TABLE journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL);
  CREATE TABLE positions (source TEXT PRIMARY KEY, offset TEXT NOT NULL);
  CREATE TABLE detector_state (id TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE alerts (
    alert_id TEXT PRIMARY KEY,
    api_key_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    severity_rank INTEGER NOT NULL,
    detected_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    assignee TEXT,
    dismiss_reason TEXT,
    updated_at INTEGER NOT NULL,
    -- the detection core's Alert as JSON; the columns above are what listings filter and sort on
    body TEXT NOT NULL
  );
  CREATE INDEX alerts_by_detected ON alerts (detected_at, alert_id);
  CREATE INDEX alerts_by_severity ON alerts (severity_rank, detected_at, alert_id);
  CREATE INDEX alerts_by_status ON alerts (status, detected_at);
  CREATE INDEX alerts_by_key ON alerts (api_key_id, detected_at);
  CREATE INDEX alerts_by_account ON alerts (account_id, detected_at);

  CREATE TABLE notes (
    note_id TEXT PRIMARY KEY,
    alert_id TEXT NOT NULL REFERENCES alerts (alert_id),
    author TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX notes_by_alert ON notes (alert_id, created_at);

  CREATE TABLE audit (
    audit_id TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    details TEXT NOT NULL
  );
  CREATE INDEX audit_by_time ON audit (at, audit_id);
  CREATE INDEX audit_by_target ON audit (target_type, target_id, at);

  CREATE TABLE allowlist (
    entry_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    reason TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
  );

  CREATE TABLE suppressions (
    api_key_id TEXT NOT NULL,
    severity_rank INTEGER NOT NULL,
    alert_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX suppressions_by_key ON suppressions (api_key_id, expires_at);

  CREATE TABLE key_hours (
    api_key_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    account_id TEXT NOT NULL,
    requests INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    max_score REAL NOT NULL,
    PRIMARY KEY (api_key_id, hour)
  ) WITHOUT ROWID;

  CREATE TABLE key_assessments (
    api_key_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    score REAL NOT NULL,
    signals TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE samples (
    request_id TEXT PRIMARY KEY,
    api_key_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    finish_reason TEXT,
    prompt TEXT
  ) WITHOUT ROWID;
  `,
  // 2: acting on alerts: enforcement decisions, deliveries to the outside, reports.
  `
  CREATE TABLE enforcement (
    decision_id TEXT PRIMARY KEY,
    -- alert and action of a policy decision, so that the same alert cannot cause it twice
    dedupe_key TEXT UNIQUE,
    api_key_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    alert_id TEXT,
    action TEXT NOT NULL,
    limit_rpm INTEGER,
    limit_tpm INTEGER,
    reason TEXT NOT NULL,
    source TEXT NOT NULL,
    rule TEXT,
    offence INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    until INTEGER NOT NULL,
    ended_at INTEGER,
    ended_by TEXT,
    end_reason TEXT
  );
  CREATE INDEX enforcement_by_created ON enforcement (created_at, decision_id);
  CREATE INDEX enforcement_by_key ON enforcement (api_key_id, created_at);
  CREATE INDEX enforcement_by_alert ON enforcement (alert_id);

  CREATE TABLE deliveries (
    delivery_id TEXT PRIMARY KEY,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    event TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX deliveries_by_subject ON deliveries (subject_type, subject_id, updated_at);

  CREATE TABLE reports (
    report_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    trigger TEXT NOT NULL,
    range_from INTEGER NOT NULL,
    range_to INTEGER NOT NULL,
    requested_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    error TEXT,
    data TEXT
  );
  CREATE INDEX reports_by_created ON reports (created_at, report_id);
  CREATE INDEX key_hours_by_hour ON key_hours (hour);
  `,
  // 3: one policy decision per alert, key and action, since a cluster alert acts on each member.
  `
  UPDATE enforcement SET dedupe_key = alert_id || '/' || api_key_id || '/' || action WHERE alert_id IS NOT NULL;
  `,
  // 4: an exclusion is deduplicated apart from the action, which may follow once the allow-list entry is gone.
  `
  UPDATE enforcement SET dedupe_key = dedupe_key || '/excluded' WHERE status = 'excluded' AND dedupe_key IS NOT NULL;
  `,
];

/** Applies the steps not yet applied, each in its own transaction. */
export function migrate(db: Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(applied).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${applied + i + 1}`);
    })();
  });
}
