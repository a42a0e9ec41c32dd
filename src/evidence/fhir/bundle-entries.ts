import { uuidV5 } from '../../kernel/ids';
import { CARELEDGER, SYSTEMS } from './code-systems';
import type { Annotation, BundleEntry, Duration, Extension, FhirResource, HumanName, Identifier, Reference } from './r4';

/**
 * The entries of one bundle. Each resource gets a name-based UUID (from the packet's patient, month and what the
 * resource stands for), so the same packet always yields the same fullUrls, and references are only ever handed out
 * for entries that exist: a reference made here resolves inside the bundle by construction.
 */
export class BundleEntries {
  private readonly entries: BundleEntry[] = [];
  private readonly byKey = new Map<string, Reference>();

  constructor(private readonly scope: string) {}

  /**
   * Adds the resource under `key` (unique within the bundle) and returns a reference to it. Not generic on purpose:
   * the literal is checked against the R4 types, misspelt or unknown elements included.
   */
  add(key: string, resource: FhirResource, position: 'first' | 'last' = 'last'): Reference {
    if (this.byKey.has(key)) throw new Error(`bundle entry ${key} added twice`);
    const id = uuidV5(`evidence-bundle ${this.scope} ${key}`);
    const fullUrl = `urn:uuid:${id}`;
    // A document's Composition is made last (it points at everything) but must be its first entry.
    if (position === 'first') this.entries.unshift({ fullUrl, resource: { ...resource, id } });
    else this.entries.push({ fullUrl, resource: { ...resource, id } });
    const reference = { reference: fullUrl, type: resource.resourceType };
    this.byKey.set(key, reference);
    return reference;
  }

  /** The reference of an entry added before. */
  ref(key: string): Reference {
    const reference = this.byKey.get(key);
    if (!reference) throw new Error(`no bundle entry ${key}`);
    return reference;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  all(): BundleEntry[] {
    return [...this.entries];
  }
}

/** Identifiers naming the events a resource comes from (the packet's audit.sourceEvents lists them all). */
export const eventIdentifiers = (eventIds: readonly string[]): Identifier[] =>
  eventIds.map((eventId) => ({ system: SYSTEMS.uri, value: `urn:uuid:${eventId}` }));

/** A staff member known only by id, for the rare person the bundle has no Practitioner for (someone not in the registry). */
const staffIdReference = (staffId: string): Reference => ({ identifier: { system: CARELEDGER.staffId, value: staffId } });

/** The bundle's Practitioner for a staff member (every person the packet names has one, see parties.ts). */
export function staffReference(entries: BundleEntries, staffId: string): Reference {
  const key = practitionerKey(staffId);
  return entries.has(key) ? entries.ref(key) : staffIdReference(staffId);
}

/** An annotation by a staff member: by reference to the bundle's Practitioner, or (no such entry) by id in words. */
export function staffNote(entries: BundleEntries, staffId: string, text: string, time?: string): Annotation {
  const key = practitionerKey(staffId);
  return { ...(time ? { time } : {}), ...(entries.has(key) ? { authorReference: entries.ref(key) } : { authorString: `CareLedger staff ${staffId}` }), text };
}

export const practitionerKey = (staffId: string) => `practitioner ${staffId}`;

/**
 * A person's name as FHIR wants it: the text as recorded, and family and given names (US Core asks for them). A
 * trailing credential after a comma ("Ann Lee, MD") is not part of the name; the last word is taken as the family
 * name, the others as given names.
 */
export function humanName(text: string): HumanName {
  const words = text.replace(/,.*$/, '').trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { text, family: words[0] ?? text };
  return { use: 'official', text, family: words[words.length - 1], given: words.slice(0, -1) };
}

export const minutes = (value: number): Duration => ({ value, unit: 'min', system: SYSTEMS.ucum, code: 'min' });

export const minutesExtension = (value: number): Extension => ({ url: CARELEDGER.minutesExtension, valueDuration: minutes(value) });

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** An R4 narrative: XHTML generated from the given lines of text. */
export const narrative = (lines: readonly string[]) => ({
  status: 'generated' as const,
  div: `<div xmlns="http://www.w3.org/1999/xhtml">${lines.map((line) => `<p>${line.replace(/[&<>"']/g, (char) => XML_ESCAPES[char])}</p>`).join('')}</div>`,
});
