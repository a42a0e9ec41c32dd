import PDFDocument from 'pdfkit';

/**
 * Every line of the PDF is one the layout draws: a value can never start a line of its own, or a summary could print
 * "SIGNATURE VERIFIED BY CMS" or a table row that looks like the packet's. So line and paragraph breaks in a value
 * (CR, LF, NEL, VT, FF, U+2028, U+2029) print as a visible ' ¶ ', and tabs as spaces.
 */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/gu;
export const VISIBLE_LINE_BREAK = ' \u00b6 ';
/**
 * The standard PDF fonts encode Windows-1252 only; anything else (other scripts, emoji, control and format
 * characters such as bidi overrides) would print as wrong glyphs or reorder text. Such characters are shown as '?'
 * (the signed JSON keeps the exact text, and the last page says so).
 */
const NOT_WIN_ANSI = /[^\x20-\x7E\xA0-\xFF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;
export const printable = (text: string): string => text.replace(LINE_BREAKS, VISIBLE_LINE_BREAK).replace(/\t/g, ' ').replace(NOT_WIN_ANSI, '?');

/** Letter paper, one-inch-ish margins, standard PDF fonts (no font files to ship). */
const MARGIN = 54;
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', mono: 'Courier' } as const;
const GREY = '#555555';

/**
 * A small layer over pdfkit for a reviewer's document: headings, label/value lines, bullet lists and tables that
 * break across pages, so the section code reads like the document it writes.
 */
export class PdfLayout {
  readonly doc: PDFKit.PDFDocument;

  constructor(info: PDFKit.DocumentInfo) {
    this.doc = new PDFDocument({ size: 'LETTER', margin: MARGIN, info, bufferPages: true });
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  keepSpace(height: number): this {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
    return this;
  }

  title(text: string, subtitle: string): this {
    this.doc.font(FONT.bold).fontSize(18).fillColor('black').text(printable(text), MARGIN, MARGIN);
    this.doc.font(FONT.regular).fontSize(11).fillColor(GREY).text(printable(subtitle)).fillColor('black').moveDown(0.8);
    return this;
  }

  heading(text: string): this {
    this.keepSpace(60).doc.moveDown(0.6).font(FONT.bold).fontSize(13).fillColor('black').text(printable(text), MARGIN);
    const y = this.doc.y + 1;
    this.doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + this.width, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    this.doc.moveDown(0.4);
    return this;
  }

  /** 'Label: value' on one line (wrapping under itself when long). */
  field(label: string, value: string): this {
    this.keepSpace(14)
      .doc.font(FONT.bold)
      .fontSize(10)
      .text(`${printable(label)}: `, MARGIN, this.doc.y, { continued: true })
      .font(FONT.regular)
      .text(printable(value));
    return this;
  }

  paragraph(text: string, options: { italic?: boolean; size?: number } = {}): this {
    this.keepSpace(14)
      .doc.font(options.italic ? FONT.italic : FONT.regular)
      .fontSize(options.size ?? 10)
      .text(printable(text), MARGIN, this.doc.y, { width: this.width });
    return this;
  }

  /** A label on a line of its own, for a list or block that follows. */
  label(text: string): this {
    this.keepSpace(28)
      .doc.font(FONT.bold)
      .fontSize(10)
      .text(`${printable(text)}:`, MARGIN, this.doc.y);
    return this;
  }

  bullets(label: string, items: readonly string[]): this {
    if (items.length === 0) return this.field(label, '-');
    this.label(label);
    for (const item of items)
      this.keepSpace(14)
        .doc.font(FONT.regular)
        .fontSize(10)
        .text(`•  ${printable(item)}`, MARGIN + 12, this.doc.y, { width: this.width - 12 });
    return this;
  }

  /** Fixed-width text broken at any character (hashes, signatures), so it wraps within the page. */
  code(label: string, value: string): this {
    this.label(label);
    const perLine = 64;
    for (let start = 0, end: number; start < value.length; start = end) {
      end = Math.min(start + perLine, value.length);
      // Text tools read a line ending in '-' as a hyphenated word and drop the '-' (pdftotext does): copying a
      // base64url signature would lose a character. Such a line ends one character earlier.
      while (end < value.length && end - start > 1 && value[end - 1] === '-') end -= 1;
      this.keepSpace(12)
        .doc.font(FONT.mono)
        .fontSize(9)
        .text(printable(value.slice(start, end)), MARGIN + 12);
    }
    this.doc.moveDown(0.3);
    return this;
  }

  /** A table with a header row; `widths` are fractions of the text width. pdfkit breaks it across pages. */
  table(headers: readonly string[], rows: readonly (readonly string[])[], widths: readonly number[]): this {
    this.keepSpace(40);
    this.doc.font(FONT.regular).fontSize(8.5);
    this.doc.table({
      position: { x: MARGIN, y: this.doc.y },
      columnStyles: widths.map((fraction) => fraction * this.width),
      defaultStyle: { padding: 3, border: 0.5, borderColor: '#999999' },
      data: [
        headers.map((text) => ({ text: printable(text), font: { src: FONT.bold }, backgroundColor: '#eeeeee' })),
        ...rows.map((row) => row.map(printable)),
      ],
    });
    this.doc.x = MARGIN;
    this.doc.moveDown(0.5);
    return this;
  }

  gap(lines = 0.5): this {
    this.doc.moveDown(lines);
    return this;
  }

  newPage(): this {
    this.doc.addPage();
    return this;
  }

  /** Numbers every page ('Page 2 of 5 - <footer>') and returns the finished file. */
  async finish(footer: string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index++) {
      this.doc.switchToPage(index);
      // Text below the bottom margin would make pdfkit start a new page; the footer lives there on purpose.
      this.doc.page.margins.bottom = 0;
      const bottom = this.doc.page.height - MARGIN + 14;
      this.doc
        .font(FONT.regular)
        .fontSize(8)
        .fillColor(GREY)
        .text(`Page ${index + 1} of ${range.count}  ·  ${printable(footer)}`, MARGIN, bottom, { width: this.width, align: 'center', lineBreak: false });
    }
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    this.doc.end();
    await ended;
    return Buffer.concat(chunks);
  }
}
