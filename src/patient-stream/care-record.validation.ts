import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsInt, IsUUID, Max, Min, ValidateBy } from 'class-validator';
import { Satisfies } from '../graphql/validation';
import { isValidDate } from '../kernel/calendar';

/**
 * Validators shared by the care-record inputs (patients, consent, care plans, care activities, medications),
 * next to the general ones in src/graphql/validation.ts.
 */

/** Patient and activity ids are client-chosen UUIDs (they name streams and must not collide). */
export const IsClientUuid = () => IsUUID('all', { message: '$property must be a UUID' });

/** A calendar date (the Date scalar has checked it; this keeps the input class self-describing). */
export const IsCalendarDate = () => Satisfies(isValidDate, 'must be a date such as 2026-03-31');

/** An instant (the DateTime scalar has normalised it to UTC). */
export const IsInstant = () => IsISO8601({ strict: true }, { message: '$property must be an ISO-8601 instant with offset' });

/** Minutes of one time entry: CMS counts whole minutes; more than four hours in one entry is a typing error. */
export const MAX_ENTRY_MINUTES = 240;
export const IsEntryMinutes = () =>
  applyDecorators(
    IsInt({ message: '$property must be a whole number of minutes' }),
    Min(1, { message: `$property must be from 1 to ${MAX_ENTRY_MINUTES}` }),
    Max(MAX_ENTRY_MINUTES, { message: `$property must be from 1 to ${MAX_ENTRY_MINUTES}` }),
  );

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SINGLE_LINE = /^[^\u0000-\u001F\u007F]*$/;

/** A list of short single-line texts (care plan problems, goals, interventions; discrepancies). */
export const IsTextList = ({ minItems, maxItems, maxLength }: { minItems: number; maxItems: number; maxLength: number }) =>
  ValidateBy({
    name: 'isTextList',
    validator: {
      validate: (value) =>
        Array.isArray(value) &&
        value.length >= minItems &&
        value.length <= maxItems &&
        value.every((item) => typeof item === 'string' && item.trim().length > 0 && item.length <= maxLength && SINGLE_LINE.test(item)),
      defaultMessage: () =>
        `$property must list ${minItems === 0 ? 'up to' : `${minItems} to`} ${maxItems} non-empty single-line texts of at most ${maxLength} characters`,
    },
  });
