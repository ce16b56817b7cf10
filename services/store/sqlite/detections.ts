import type { Database, Statement } from 'better-sqlite3';
import type { KeyHour, PipelineOutput, RequestSample } from '../../pipeline/types';
import type { DetectorState, SourcePosition } from '../types';

/** What detection writes besides alerts: key history, samples, detector state and positions. */
export class DetectionTables {
  private readonly putHour: Statement<KeyHour>;
  private readonly putAssessment: Statement;
  private readonly putSample: Statement<RequestSample>;
  private readonly putState: Statement<DetectorState>;
  private readonly putPosition: Statement<SourcePosition>;
  private readonly getState: Statement<[string], { state: string }>;
  private readonly getPosition: Statement<[string], { offset: string }>;

  constructor(db: Database) {
    // Hours and assessments arrive as new totals, so the latest write wins.
    this.putHour = db.prepare(
      `INSERT OR REPLACE INTO key_hours (api_key_id, hour, account_id, requests, tokens, max_score)
       VALUES (@api_key_id, @hour, @account_id, @requests, @tokens, @max_score)`,
    );
    this.putAssessment = db.prepare(
      `INSERT OR REPLACE INTO key_assessments (api_key_id, account_id, at, requests, score, signals)
       VALUES (@api_key_id, @account_id, @at, @requests, @score, @signals)`,
    );
    this.putSample = db.prepare(
      `INSERT OR REPLACE INTO samples (request_id, api_key_id, ts, model, prompt_tokens, completion_tokens,
         finish_reason, prompt)
       VALUES (@request_id, @api_key_id, @ts, @model, @prompt_tokens, @completion_tokens, @finish_reason, @prompt)`,
    );
    this.putState = db.prepare('INSERT OR REPLACE INTO detector_state (id, state) VALUES (@id, @state)');
    this.putPosition = db.prepare('INSERT OR REPLACE INTO positions (source, offset) VALUES (@source, @offset)');
    this.getState = db.prepare('SELECT state FROM detector_state WHERE id = ?');
    this.getPosition = db.prepare('SELECT offset FROM positions WHERE source = ?');
  }

  /** Key history and samples of an output; runs inside the caller's transaction. */
  writeHistory({ hours, assessments, samples }: PipelineOutput): void {
    for (const h of hours) this.putHour.run(h);
    for (const a of assessments) this.putAssessment.run({ ...a, signals: JSON.stringify(a.signals) });
    for (const s of samples) this.putSample.run(s);
  }

  /** Detector state and the position it reached; runs inside the caller's transaction. */
  writeProgress(states: readonly DetectorState[], position: SourcePosition): void {
    for (const s of states) this.putState.run(s);
    this.putPosition.run(position);
  }

  state(id: string): string | undefined {
    return this.getState.get(id)?.state;
  }

  position(source: string): string | undefined {
    return this.getPosition.get(source)?.offset;
  }
}
