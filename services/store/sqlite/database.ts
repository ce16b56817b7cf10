import Database from 'better-sqlite3';
import { migrate } from './migrations';

/** Opens (creating if needed) the embedded database file and brings its schema up to date. */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  // WAL lets API reads run while the runner writes. synchronous=FULL makes every commit durable
  // against power loss too, which is what a 202 from ingest promises.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
