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
