/**
 * Reads a PDF back the way a reviewer's tools do, with poppler-utils (pdftotext and pdfinfo; CI installs them): the
 * text of every page or of a range of pages, and the page count. (`pdftoppm -png` renders a page to look at.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function withPdfFile<T>(pdf: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'careledger-pdf-'));
  try {
    const file = join(dir, 'packet.pdf');
    writeFileSync(file, pdf);
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text of the given pages (all by default), in reading order; pages are separated by form feeds. */
export const pdfText = (pdf: Buffer, pages: { first?: number; last?: number } = {}): Promise<string> =>
  withPdfFile(pdf, async (file) => {
    const range = [...(pages.first ? ['-f', String(pages.first)] : []), ...(pages.last ? ['-l', String(pages.last)] : [])];
    return (await run('pdftotext', [...range, '-enc', 'UTF-8', file, '-'])).stdout;
  });

export const pdfPageCount = (pdf: Buffer): Promise<number> =>
  withPdfFile(pdf, async (file) => Number(/^Pages:\s+(\d+)/m.exec((await run('pdfinfo', [file])).stdout)?.[1]));

/** Text without line breaks and runs of spaces, for finding values a layout may wrap. */
export const flattened = (text: string) => text.replace(/\s+/g, '');
