/**
 * Fee schedules as data: RVUs and conversion factors with the source of every figure, amounts computed.
 *
 * ccm-rules.md §3: amount = total RVUs × conversion factor (CMS PPRRVU files), non-facility unless the practice
 * bills in a facility setting; a figure without a verified value is null and never invented; a practice may load
 * its own schedule instead of the national one.
 */
import { readFileSync } from 'node:fs';

/** One figure and where it comes from; `value` null = no verified figure yet. */
export interface SourcedFigure {
  value: number | null;
  source: string;
}

export interface FeeScheduleCode {
  description?: string;
  nonFacilityRvu: SourcedFigure;
  facilityRvu: SourcedFigure;
}

export interface FeeSchedule {
  $comment?: string;
  year: number;
  conversionFactors: {
    standard: SourcedFigure;
    /** From 2026 qualifying APM participants have their own factor; absent = one factor for everybody. */
    qualifyingApm?: SourcedFigure;
  };
  codes: Record<string, FeeScheduleCode>;
}

export type PlaceOfService = 'NON_FACILITY' | 'FACILITY';

export interface PricingSetting {
  placeOfService: PlaceOfService;
  qualifyingApmParticipant: boolean;
}

export const DEFAULT_PRICING: PricingSetting = { placeOfService: 'NON_FACILITY', qualifyingApmParticipant: false };

export class FeeScheduleError extends Error {
  override readonly name = 'FeeScheduleError';
  constructor(
    readonly origin: string,
    readonly problems: string[],
  ) {
    super(`Invalid fee schedule (${origin}): ${problems.join('; ')}`);
  }
}

/** Reads and validates a schedule file, e.g. a practice's own; throws FeeScheduleError naming every problem. */
export function loadFeeSchedule(path: string): FeeSchedule {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FeeScheduleError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeeScheduleError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseFeeSchedule(json, path);
}

/** Validates an already parsed schedule (the built-in files go through here too). */
export function parseFeeSchedule(json: unknown, origin = 'fee schedule'): FeeSchedule {
  const problems: string[] = [];
  if (!isObject(json)) throw new FeeScheduleError(origin, ['the top level must be an object']);
  checkKeys(json, ['$comment', 'year', 'conversionFactors', 'codes'], '', problems);
  if (!Number.isInteger(json.year) || (json.year as number) < 2000 || (json.year as number) > 2100) {
    problems.push('year must be an integer service year, e.g. 2025');
  }
  const factors = json.conversionFactors;
  if (!isObject(factors)) {
    problems.push('conversionFactors must be an object with a `standard` figure');
  } else {
    checkKeys(factors, ['standard', 'qualifyingApm'], 'conversionFactors.', problems);
    checkFigure(factors.standard, 'conversionFactors.standard', problems, true);
    if (factors.qualifyingApm !== undefined) {
      checkFigure(factors.qualifyingApm, 'conversionFactors.qualifyingApm', problems, true);
    }
  }
  const codes = json.codes;
  if (!isObject(codes) || Object.keys(codes).length === 0) {
    problems.push('codes must be a non-empty object keyed by HCPCS/CPT code');
  } else {
    for (const [code, entry] of Object.entries(codes)) {
      if (!/^[0-9A-Z]\d{3}[0-9A-Z]$/.test(code)) problems.push(`codes.${code}: not a 5-character HCPCS/CPT code`);
      if (!isObject(entry)) {
        problems.push(`codes.${code} must be an object`);
        continue;
      }
      checkKeys(entry, ['description', 'nonFacilityRvu', 'facilityRvu'], `codes.${code}.`, problems);
      if (entry.description !== undefined && typeof entry.description !== 'string') {
        problems.push(`codes.${code}.description must be a string`);
      }
      checkFigure(entry.nonFacilityRvu, `codes.${code}.nonFacilityRvu`, problems, false);
      checkFigure(entry.facilityRvu, `codes.${code}.facilityRvu`, problems, false);
    }
  }
  if (problems.length > 0) throw new FeeScheduleError(origin, problems);
  return json as unknown as FeeSchedule;
}

/**
 * Amount of one unit in cents, or null when the code or one of its figures is unknown.
 * round(RVU × CF × 100), computed in exact decimal arithmetic so a half cent never rounds the wrong way
 * through binary floating point; halves round up (amounts are never negative).
 */
export function unitAmountCents(schedule: FeeSchedule, code: string, setting: PricingSetting): number | null {
  const entry = schedule.codes[code];
  if (!entry) return null;
  const rvu = setting.placeOfService === 'FACILITY' ? entry.facilityRvu.value : entry.nonFacilityRvu.value;
  // A schedule without a qualifying-APM factor is a year (or practice) with one factor for everybody.
  const factor =
    setting.qualifyingApmParticipant && schedule.conversionFactors.qualifyingApm
      ? schedule.conversionFactors.qualifyingApm.value
      : schedule.conversionFactors.standard.value;
  if (rvu === null || factor === null) return null;
  const [rvuDigits, rvuScale] = toScaledInteger(rvu);
  const [factorDigits, factorScale] = toScaledInteger(factor);
  const scaledCents = rvuDigits * factorDigits * 100n;
  const divisor = 10n ** BigInt(rvuScale + factorScale);
  return Number((scaledCents * 2n + divisor) / (divisor * 2n));
}

/** 1.87 → [187n, 2]. Validation guarantees a plain non-negative decimal (no exponent). */
function toScaledInteger(value: number): [bigint, number] {
  const [whole, fraction = ''] = String(value).split('.');
  return [BigInt(whole + fraction), fraction.length];
}

function checkFigure(figure: unknown, path: string, problems: string[], mustBePositive: boolean): void {
  if (!isObject(figure)) {
    problems.push(`${path} must be an object { value, source }`);
    return;
  }
  checkKeys(figure, ['value', 'source'], `${path}.`, problems);
  if (typeof figure.source !== 'string' || figure.source.trim() === '') {
    problems.push(`${path}.source must name where the figure comes from`);
  }
  const value = figure.value;
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (mustBePositive && value === 0)) {
    problems.push(`${path}.value must be a ${mustBePositive ? 'positive' : 'non-negative'} number or null`);
  } else if (/e/i.test(String(value))) {
    problems.push(`${path}.value must be a plain decimal (got ${String(value)})`);
  }
}

function checkKeys(object: Record<string, unknown>, allowed: string[], path: string, problems: string[]): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) problems.push(`${path}${key} is not a known field (allowed: ${allowed.join(', ')})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
