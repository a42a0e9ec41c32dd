/**
 * The README's recipes work as written (issue #12 rough edges): the NDJSON hash recipe, run verbatim against a real
 * audit export, recomputes every line's hash, and says so when a line was altered.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from './support/app-harness';
import { CARE_RECORD_CLOCK, GIVE_CONSENT, callInput, consentInput, LOG_CALL, mutate, seedEligiblePatient, seedPractice } from './support/care-record-fixtures';
import { tempDir } from './support/event-store-fixtures';

/** The shell block that follows `<!-- recipe: name -->` in README.md, exactly as a reader copies it. */
function readmeRecipe(name: string): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  // Blank lines may stand between the marker and its block (Prettier puts one there).
  const match = new RegExp(`<!-- recipe: ${name} -->\\n\\s*\`\`\`sh\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match) throw new Error(`README.md has no recipe ${name}`);
  return match[1];
}

describe('README recipes', () => {
  let app: TestApp;
  const dir = tempDir('careledger-recipe-');
  afterAll(async () => {
    await app?.close();
    dir.remove();
  });

  it('the NDJSON hash recipe recomputes every hash of a real export, and names a line that was altered', async () => {
    app = await startTestApp('sqlite', { clock: CARE_RECORD_CLOCK });
    const practice = await seedPractice(app);
    const patientId = await seedEligiblePatient(app, practice);
    await mutate(app, GIVE_CONSENT, consentInput(patientId), practice.tokens.nurse);
    await mutate(app, LOG_CALL, callInput(patientId, { summary: 'Ünïcode, "quotes" and a\nline break' }), practice.tokens.nurse);
    const response = await fetch(`${app.url}/exports/audit/${patientId}.ndjson`, { headers: { authorization: `Bearer ${practice.tokens.compliance}` } });
    const exported = await response.text();
    const lines = exported.split('\n').filter(Boolean);
    writeFileSync(join(dir.path, `audit-${patientId}.ndjson`), exported);

    const run = () => promisify(execFile)('bash', ['-c', readmeRecipe('ndjson-hash')], { cwd: dir.path, env: { PATH: process.env.PATH, P: patientId } });
    expect((await run()).stdout).toBe(`${lines.length} hashes match, 0 do not\n`);

    const altered = lines.map((line, index) => (index === 1 ? line.replace('"revision":"1"', '"revision":1') : line));
    writeFileSync(join(dir.path, `audit-${patientId}.ndjson`), `${altered.join('\n')}\n`);
    expect((await run()).stdout).toBe(`MISMATCH at revision 1\n${lines.length - 1} hashes match, 1 do not\n`);
  }, 120_000);
});
