import { canonicalJson } from '../../kernel/canonical-json';

/**
 * The packet's signed bytes are kernel/canonical-json's output, so its RFC 8785 properties are pinned here: the
 * same packet must always serialise to the same bytes, or a payer's verification would depend on our runtime.
 */
describe('canonical JSON of a packet (RFC 8785 style)', () => {
  it('sorts keys by UTF-16 code units at every depth (the RFC 8785 §3.2.3 example), keeping array order', () => {
    const keys = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(keys)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson({ b: [3, { z: 1, a: 2 }, 1], a: { d: null, c: true } })).toBe('{"a":{"c":true,"d":null},"b":[3,{"a":2,"z":1},1]}');
  });

  it('writes numbers as ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    // eslint-disable-next-line no-loss-of-precision -- the RFC's own example: the literal rounds, and the output must show how
    expect(canonicalJson([1e30, 4.5, 0.002, 1e-7, 333333333.33333329, -0, 100, 6613])).toBe('[1e+30,4.5,0.002,1e-7,333333333.3333333,0,100,6613]');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/bigint/);
  });

  it('keeps non-ASCII text literal and escapes only what JSON requires', () => {
    expect(canonicalJson({ s: 'José €5 😀 "q" \\ \n\u000f\u2028' })).toBe('{"s":"José €5 😀 \\"q\\" \\\\ \\n\\u000f\u2028"}');
  });

  it('drops undefined members, writes dates through toJSON, and has no insignificant whitespace', () => {
    expect(canonicalJson({ a: undefined, at: new Date('2026-03-31T23:30:00-04:00'), list: [] })).toBe('{"at":"2026-04-01T03:30:00.000Z","list":[]}');
  });

  it('gives the same bytes whatever order the object was built in', () => {
    expect(canonicalJson({ month: '2026-03', patientId: 'p', lines: [] })).toBe(canonicalJson({ lines: [], patientId: 'p', month: '2026-03' }));
  });
});
