import type { Readable } from 'node:stream';

export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: true };

/**
 * The lines of an NDJSON stream, one at a time, in bounded memory: at most one line (up to `maxLineBytes`) and one
 * chunk are held; a longer line is skipped and reported as too long. Blank lines are skipped; CRLF is accepted.
 */
export async function* ndjsonLines(stream: Readable, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 0;
  const finish = function* (): Generator<NdjsonLine> {
    line += 1;
    if (tooLong) yield { line, tooLong: true };
    else {
      const text = Buffer.concat(parts, length).toString('utf8').replace(/\r$/, '');
      if (text.trim() !== '') yield { line, text };
    }
    parts = [];
    length = 0;
    tooLong = false;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
      append(chunk.subarray(start, newline));
      yield* finish();
      start = newline + 1;
    }
    append(chunk.subarray(start));
  }
  if (length > 0 || tooLong) yield* finish();

  function append(piece: Buffer) {
    if (tooLong || piece.length === 0) return;
    if (length + piece.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    parts.push(Buffer.from(piece));
    length += piece.length;
  }
}
