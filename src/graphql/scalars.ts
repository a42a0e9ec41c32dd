import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isValidDate, isValidYearMonth } from '../kernel/calendar';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const invalid = (scalar: string, expected: string) =>
  new GraphQLError(`${scalar} must be ${expected}`, { extensions: { code: 'BAD_USER_INPUT' } });

function stringScalar(name: string, description: string, parse: (value: string) => string) {
  const fromValue = (value: unknown): string => {
    if (typeof value !== 'string') throw invalid(name, description);
    return parse(value);
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => (value instanceof Date ? value.toISOString() : fromValue(value)),
    parseValue: fromValue,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw invalid(name, description);
      return fromValue(ast.value);
    },
  });
}

/** ISO-8601 instant with an offset; normalised to UTC so instants compare as strings. */
export const DateTimeScalar = stringScalar('DateTime', 'an ISO-8601 instant with offset, e.g. 2026-03-31T23:30:00-04:00', (value) => {
  const date = new Date(value);
  if (!INSTANT.test(value) || Number.isNaN(date.getTime()) || !isValidDate(value.slice(0, 10))) {
    throw invalid('DateTime', 'an ISO-8601 instant with offset, e.g. 2026-03-31T23:30:00-04:00');
  }
  return date.toISOString();
});

export const DateScalar = stringScalar('Date', 'an ISO-8601 calendar date, e.g. 2026-03-31', (value) => {
  if (!isValidDate(value)) throw invalid('Date', 'an ISO-8601 calendar date, e.g. 2026-03-31');
  return value;
});

export const YearMonthScalar = stringScalar('YearMonth', 'a calendar month, e.g. 2026-03', (value) => {
  if (!isValidYearMonth(value)) throw invalid('YearMonth', 'a calendar month, e.g. 2026-03');
  return value;
});
