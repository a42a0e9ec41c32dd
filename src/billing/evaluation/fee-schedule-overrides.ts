import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FeeScheduleError, isEvaluableServiceYear, loadFeeSchedule, SUPPORTED_SERVICE_YEARS, type FeeSchedule } from '../rules';

const SCHEDULE_FILE = /^(\d{4})\.json$/;

/**
 * A practice's own fee schedules (ccm-rules.md §3: "can be replaced by a practice's own fee schedule"): one
 * `<year>.json` per service year, in the format of src/billing/fee-schedules/<year>.json, each validated by
 * loadFeeSchedule. Read once at start-up; any problem stops the start with a message naming the file and the field.
 */
export function loadFeeScheduleOverrides(dir: string): Map<number, FeeSchedule> {
  const schedules = new Map<number, FeeSchedule>();
  const jsonFiles = readdirSync(dir).filter((name) => name.endsWith('.json'));
  for (const name of jsonFiles) {
    const path = join(dir, name);
    const year = Number(SCHEDULE_FILE.exec(name)?.[1]);
    if (!year) throw new FeeScheduleError(path, ['name the file after its service year, e.g. 2026.json']);
    // An override replaces amounts. A later year than CareLedger has rules for is welcome (its months are evaluated
    // provisionally and priced with it); an earlier one has no rules to price.
    if (!isEvaluableServiceYear(year)) {
      throw new FeeScheduleError(path, [
        `CareLedger has no billing rules for ${year} (it has ${SUPPORTED_SERVICE_YEARS.join(', ')} and later years provisionally)`,
      ]);
    }
    const schedule = loadFeeSchedule(path);
    if (schedule.year !== year) throw new FeeScheduleError(path, [`year is ${schedule.year} but the file is named ${name}`]);
    schedules.set(year, schedule);
  }
  if (schedules.size === 0) throw new FeeScheduleError(dir, ['the directory holds no <year>.json fee schedule']);
  return schedules;
}
