import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ACCEPTED_DATES, ACCEPTED_INSTANTS, isAcceptedInstant, isValidDate, isValidYearMonth } from '../kernel/calendar';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const invalid = (scalar: string, expected: string) => new GraphQLError(`${scalar} must be ${expected}`, { extensions: { code: 'BAD_USER_INPUT' } });

/**
 * Inputs are checked against the accepted range (kernel/calendar); outputs are not: they come from stored events,
 * and a value stored under older rules must still be shown rather than make the record unreadable.
 */
function stringScalar(name: string, description: string, parse: (value: string) => string) {
  const fromValue = (value: unknown): string => {
    if (typeof value !== 'string') throw invalid(name, description);
    return parse(value);
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => {
      if (value instanceof Date) return value.toISOString();
      if (typeof value === 'string') return value;
      throw new GraphQLError(`${name} cannot represent ${typeof value}`);
    },
    parseValue: fromValue,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw invalid(name, description);
      return fromValue(ast.value);
    },
  });
}

const INSTANT_DESCRIPTION = `an ISO-8601 instant with offset from ${ACCEPTED_INSTANTS.earliest} to ${ACCEPTED_INSTANTS.latest}, e.g. 2026-03-31T23:30:00-04:00`;

/** ISO-8601 instant with an offset; normalised to UTC so instants compare as strings. */
export const DateTimeScalar = stringScalar('DateTime', INSTANT_DESCRIPTION, (value) => {
  const date = new Date(value);
  if (!INSTANT.test(value) || !isValidDate(value.slice(0, 10)) || !isAcceptedInstant(date)) throw invalid('DateTime', INSTANT_DESCRIPTION);
  return date.toISOString();
});

const DATE_DESCRIPTION = `an ISO-8601 calendar date from ${ACCEPTED_DATES.earliest} to ${ACCEPTED_DATES.latest}, e.g. 2026-03-31`;

export const DateScalar = stringScalar('Date', DATE_DESCRIPTION, (value) => {
  if (!isValidDate(value)) throw invalid('Date', DATE_DESCRIPTION);
  return value;
});

const YEAR_MONTH_DESCRIPTION = `a calendar month from ${ACCEPTED_DATES.earliest.slice(0, 7)} to ${ACCEPTED_DATES.latest.slice(0, 7)}, e.g. 2026-03`;

export const YearMonthScalar = stringScalar('YearMonth', YEAR_MONTH_DESCRIPTION, (value) => {
  if (!isValidYearMonth(value)) throw invalid('YearMonth', YEAR_MONTH_DESCRIPTION);
  return value;
});
