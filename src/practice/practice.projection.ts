import type { Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { Projection, ReadDatabase } from '../projections/projection';
import type { PracticeEvent } from './practice.events';

/** Read model of practices and their staff registry, queried by `practice` and `staffMembers`. */
export class PracticeProjection implements Projection {
  readonly name = 'practice';
  readonly version = 2;
  private upsertPractice!: Statement;
  private insertStaff!: Statement;
  private deactivateStaff!: Statement;

  setup(db: ReadDatabase) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS practices (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL, npi TEXT, tax_id TEXT,
        place_of_service TEXT, apcm_behavioural_health TEXT, consent_renewal_months INTEGER);
      CREATE TABLE IF NOT EXISTS staff_members (
        practice_id TEXT NOT NULL, staff_id TEXT NOT NULL, name TEXT NOT NULL, credential TEXT NOT NULL,
        npi TEXT, active INTEGER NOT NULL, PRIMARY KEY (practice_id, staff_id));`);
    this.upsertPractice =
      db.prepare(`INSERT INTO practices (id, name, time_zone, npi, tax_id, place_of_service, apcm_behavioural_health, consent_renewal_months)
      VALUES (@practiceId, @name, @timeZone, @npi, @taxId, @placeOfService, @apcmBehaviouralHealth, @consentRenewalMonths)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone, npi = excluded.npi, tax_id = excluded.tax_id,
        place_of_service = excluded.place_of_service, apcm_behavioural_health = excluded.apcm_behavioural_health,
        consent_renewal_months = excluded.consent_renewal_months`);
    this.insertStaff = db.prepare(`INSERT OR REPLACE INTO staff_members (practice_id, staff_id, name, credential, npi, active)
      VALUES (@practiceId, @staffId, @name, @credential, @npi, 1)`);
    this.deactivateStaff = db.prepare('UPDATE staff_members SET active = 0 WHERE practice_id = @practiceId AND staff_id = @staffId');
  }

  reset(db: ReadDatabase) {
    db.exec('DROP TABLE IF EXISTS practices; DROP TABLE IF EXISTS staff_members;');
  }

  apply(_db: ReadDatabase, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PracticeEvent;
    switch (event.type) {
      case 'PracticeConfigured':
        this.upsertPractice.run({ placeOfService: null, apcmBehaviouralHealth: null, consentRenewalMonths: null, ...event.data });
        break;
      case 'StaffMemberRegistered':
        this.insertStaff.run(event.data);
        break;
      case 'StaffMemberDeactivated':
        this.deactivateStaff.run(event.data);
        break;
    }
  }
}
