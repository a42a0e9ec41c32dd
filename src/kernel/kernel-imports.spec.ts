import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Module specifiers a file imports from (static imports and re-exports). */
const importsOf = (source: string) => [...source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)].map((match) => match[1]);

describe('the kernel', () => {
  // Deciders, errors, calendar and ids are what every slice builds on; they must not pull in an adapter or a slice.
  it('imports nothing of the application outside src/kernel', () => {
    const files = readdirSync(__dirname).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));
    const outside = files.flatMap((name) =>
      importsOf(readFileSync(join(__dirname, name), 'utf8'))
        .filter((specifier) => specifier.startsWith('.') && !specifier.startsWith('./'))
        .map((specifier) => `${name} → ${specifier}`),
    );
    expect(files.length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
  });
});
