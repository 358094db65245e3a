import fs from "node:fs";
import { grayscale, layoutText, PDF, type EmbeddedFont, type PDFPage } from "@libpdf/core";
import { AppError } from "../../core/errors.ts";
import { collectEntries, numberRange, type RegisterExport } from "./register-export.ts";

/**
 * TrueType fonts with Vietnamese glyphs (regular, bold): the PDF's 14 standard fonts cover Latin-1
 * only. DejaVu comes with Debian's fonts-dejavu-core; Liberation with fonts-liberation.
 */
export const PDF_FONT_CANDIDATES = [
  [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  ],
  [
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
  ],
] as const;

export type PdfFonts = { regular: Buffer; bold: Buffer };

let cached: PdfFonts | undefined;

/**
 * The first candidate pair present, read once; 503 with a sentence an operator can act on when
 * none is installed. Called before an export starts, so a failed one is not audited as done.
 */
export function loadPdfFonts(
  candidates: readonly (readonly [string, string])[] = PDF_FONT_CANDIDATES,
): PdfFonts {
  if (cached && candidates === PDF_FONT_CANDIDATES) return cached;
  const pair = candidates.find(([regular, bold]) => fs.existsSync(regular) && fs.existsSync(bold));
  if (!pair)
    throw new AppError("service_unavailable", {
      detail: {
        vi: `Máy chủ thiếu phông chữ Unicode để in sổ ra PDF; cài gói fonts-dejavu-core (cần ${candidates[0]![0]}).`,
        en: `The server lacks a Unicode font to print the register as PDF; install fonts-dejavu-core (needs ${candidates[0]![0]}).`,
      },
    });
  const loaded = { regular: fs.readFileSync(pair[0]), bold: fs.readFileSync(pair[1]) };
  if (candidates === PDF_FONT_CANDIDATES) cached = loaded;
  return loaded;
}

const MARGIN = 28;
const SIZE = 8;
const LINE = 10;
const PAD = 3;
const BORDER = { borderColor: grayscale(0), borderWidth: 0.5 };

type Fonts = { regular: EmbeddedFont; bold: EmbeddedFont };

/** Lines of `text` wrapped to `width`, at most `max` (the last one ending in "…" if cut). */
function wrap(text: string, font: EmbeddedFont, width: number, max = Infinity): string[] {
  const lines = layoutText(text, font, SIZE, width, LINE).lines.map((line) => line.text);
  return lines.length <= max ? lines : [...lines.slice(0, max - 1), `${lines[max - 1]} …`];
}

/**
 * The register as an A4 landscape PDF laid out like the paper form: the organization, the form's
 * title, the year and number range, then the table with its header row repeated on every page,
 * and "Trang i/n" at the foot. Text is set in an embedded (subset) Unicode font.
 */
export async function registerPdf(
  exported: RegisterExport,
  files: PdfFonts = loadPdfFonts(),
): Promise<Uint8Array> {
  const entries = await collectEntries(exported);
  const pdf = PDF.create();
  pdf.setTitle(`${exported.title} ${exported.register.year} — ${exported.organizationName}`);
  pdf.setCreator("Liên Thông");
  const fonts: Fonts = {
    regular: pdf.embedFont(new Uint8Array(files.regular)),
    bold: pdf.embedFont(new Uint8Array(files.bold)),
  };
  const totalWeight = exported.columns.reduce((sum, column) => sum + column.width, 0);
  let page!: PDFPage;
  const widths = (width: number) =>
    exported.columns.map((column) => ((width - 2 * MARGIN) * column.width) / totalWeight);
  let y = 0;

  const drawRow = (cells: string[][], font: EmbeddedFont, fill: boolean) => {
    const height = Math.max(1, ...cells.map((lines) => lines.length)) * LINE + 2 * PAD;
    let x = MARGIN;
    widths(page.width).forEach((width, i) => {
      page.drawRectangle({
        x,
        y: y - height,
        width,
        height,
        ...BORDER,
        ...(fill && { color: grayscale(0.92) }),
      });
      cells[i]!.forEach((line, n) =>
        page.drawText(line, { x: x + PAD, y: y - PAD - SIZE - n * LINE, font, size: SIZE }),
      );
      x += width;
    });
    y -= height;
  };
  const header = () =>
    exported.columns.map((column, i) =>
      wrap(column.header, fonts.bold, widths(page.width)[i]! - 2 * PAD),
    );
  const newPage = () => {
    page = pdf.addPage({ size: "a4", orientation: "landscape" });
    y = page.height - MARGIN;
    drawRow(header(), fonts.bold, true);
  };

  page = pdf.addPage({ size: "a4", orientation: "landscape" });
  y = page.height - MARGIN;
  const centred = (text: string, font: EmbeddedFont, size: number) => {
    const width = font.getTextWidth(text, size);
    page.drawText(text, { x: (page.width - width) / 2, y: y - size, font, size });
    y -= size * 1.5;
  };
  page.drawText(exported.organizationName, { x: MARGIN, y: y - 10, font: fonts.bold, size: 10 });
  y -= 22;
  centred(exported.title, fonts.bold, 14);
  centred(`Năm: ${exported.register.year}`, fonts.bold, 11);
  centred(`${exported.register.name}. ${numberRange(entries)}`, fonts.regular, 9);
  y -= 4;
  drawRow(header(), fonts.bold, true);
  const maxLines = Math.floor((page.height - 2 * MARGIN - 60 - 2 * PAD) / LINE);
  for (const entry of entries) {
    const cells = exported.columns.map((column, i) => {
      const value = column.value(entry);
      const text = value === null ? "" : String(value);
      return text ? wrap(text, fonts.regular, widths(page.width)[i]! - 2 * PAD, maxLines) : [];
    });
    const height = Math.max(1, ...cells.map((lines) => lines.length)) * LINE + 2 * PAD;
    if (y - height < MARGIN + 14) newPage();
    drawRow(cells, fonts.regular, false);
  }
  const pages = pdf.getPages();
  pages.forEach((each, i) => {
    const footer = `Trang ${i + 1}/${pages.length}`;
    const width = fonts.regular.getTextWidth(footer, SIZE);
    each.drawText(footer, {
      x: each.width - MARGIN - width,
      y: MARGIN / 2,
      font: fonts.regular,
      size: SIZE,
    });
  });
  return pdf.save({ subsetFonts: true });
}
