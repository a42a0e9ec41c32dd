import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { READ_DB } from '../projections/projections.module';
import type { PracticeConfigured } from './practice.events';
import type { StaffCredential } from './staff-credential';

type PracticeSettings = PracticeConfigured['data'];
/** GraphQL `Practice`: the latest settings; null where a setting was never given. */
export type PracticeView = Pick<PracticeSettings, 'name' | 'timeZone' | 'npi' | 'taxId'> & {
  id: string;
  placeOfService: string | null;
  apcmBehaviouralHealth: NonNullable<PracticeSettings['apcmBehaviouralHealth']> | null;
  consentRenewalMonths: number | null;
};
export interface StaffMemberView {
  id: string;
  name: string;
  credential: StaffCredential;
  npi: string | null;
  active: boolean;
}

type StaffRow = Omit<StaffMemberView, 'active'> & { active: number };
const STAFF_SELECT = 'SELECT staff_id AS id, name, credential, npi, active FROM staff_members';
const toStaffView = (row: StaffRow): StaffMemberView => ({ ...row, active: row.active === 1 });

/** Queries of the practice read model; every one takes the caller's practice, so no query can cross tenants. */
@Injectable()
export class PracticeRepository {
  constructor(@Inject(READ_DB) private readonly db: Database) {}

  practice(practiceId: string): PracticeView | undefined {
    return this.db
      .prepare(
        `SELECT id, name, time_zone AS timeZone, npi, tax_id AS taxId, place_of_service AS placeOfService,
        apcm_behavioural_health AS apcmBehaviouralHealth, consent_renewal_months AS consentRenewalMonths FROM practices WHERE id = ?`,
      )
      .get(practiceId) as PracticeView | undefined;
  }

  staffMembers(practiceId: string): StaffMemberView[] {
    return (this.db.prepare(`${STAFF_SELECT} WHERE practice_id = ? ORDER BY name, staff_id`).all(practiceId) as StaffRow[]).map(toStaffView);
  }

  staffMember(practiceId: string, staffId: string): StaffMemberView | undefined {
    const row = this.db.prepare(`${STAFF_SELECT} WHERE practice_id = ? AND staff_id = ?`).get(practiceId, staffId) as StaffRow | undefined;
    return row && toStaffView(row);
  }
}
