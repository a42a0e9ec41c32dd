/**
 * FHIR R4 strings must match `[ \r\n\t\S]+` (the official JSON schema checks it with Unicode semantics): no
 * whitespace but space, CR, LF and tab, and never empty. Free text from the record may hold others (U+00A0
 * no-break space, U+2028 line separator, U+FEFF, U+3000...), and control characters are refused by the XHTML of a
 * narrative; they become a plain space (separators a line break), so the text stays readable and valid.
 */
const LINE_BREAKS = /[\u2028\u2029\u0085]/gu;
const OTHER_WHITESPACE = /[^\S \r\n\t]/gu;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu;

export function fhirString(text: string): string {
  const cleaned = text.replace(LINE_BREAKS, '\n').replace(OTHER_WHITESPACE, ' ').replace(CONTROL, ' ').trim();
  return cleaned === '' ? '-' : cleaned;
}

/** Every string of a FHIR JSON value made valid (keys are FHIR element names and never change). */
export function withFhirStrings<T>(value: T): T {
  if (typeof value === 'string') return fhirString(value) as T;
  if (Array.isArray(value)) return value.map(withFhirStrings) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withFhirStrings(item)])) as T;
  return value;
}
