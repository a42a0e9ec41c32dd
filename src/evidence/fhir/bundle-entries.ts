import { uuidV5 } from '../../kernel/ids';
import { CARELEDGER, SYSTEMS } from './code-systems';
import type { BundleEntry, Duration, Extension, FhirResource, Identifier, Reference } from './r4';

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
  add(key: string, resource: FhirResource): Reference {
    if (this.byKey.has(key)) throw new Error(`bundle entry ${key} added twice`);
    const id = uuidV5(`evidence-bundle ${this.scope} ${key}`);
    const fullUrl = `urn:uuid:${id}`;
    this.entries.push({ fullUrl, resource: { ...resource, id } });
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
export const eventIdentifiers = (eventIds: readonly string[]): Identifier[] => eventIds.map((eventId) => ({ system: SYSTEMS.uri, value: `urn:uuid:${eventId}` }));

/** A staff member known only by id (the person who recorded, corrected or shared something). */
export const staffIdReference = (staffId: string): Reference => ({ identifier: { system: CARELEDGER.staffId, value: staffId } });

export const minutes = (value: number): Duration => ({ value, unit: 'min', system: SYSTEMS.ucum, code: 'min' });

export const minutesExtension = (value: number): Extension => ({ url: CARELEDGER.minutesExtension, valueDuration: minutes(value) });

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** An R4 narrative: XHTML generated from the given lines of text. */
export const narrative = (lines: readonly string[]) => ({
  status: 'generated' as const,
  div: `<div xmlns="http://www.w3.org/1999/xhtml">${lines.map((line) => `<p>${line.replace(/[&<>"']/g, (char) => XML_ESCAPES[char])}</p>`).join('')}</div>`,
});
