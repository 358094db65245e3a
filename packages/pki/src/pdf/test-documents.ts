/**
 * Test documents made in the test run rather than committed: PDFs of N pages of text padded to
 * a target size, a handwritten-signature PNG, and `pdfsig` as the independent checker.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";
import { PDFDocument, StandardFonts } from "pdf-lib";

/** A PDF of `pages` pages of text, padded with an embedded file to about `bytes` in size. */
export async function makeTestPdf(options: { pages?: number; bytes?: number } = {}) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= (options.pages ?? 10); n++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Cong van so ${n}/BNV-VP - trang ${n}`, { x: 60, y: 780, size: 16, font });
    for (let line = 0; line < 40; line++)
      page.drawText(
        `Noi dung dong ${line + 1} cua trang ${n}: chuyen doi so, lien thong van ban.`,
        {
          x: 60,
          y: 740 - line * 16,
          size: 10,
          font,
        },
      );
  }
  const padding = (options.bytes ?? 0) - 40_000;
  if (padding > 0)
    await doc.attach(randomBytes(padding), "phu-luc.bin", { mimeType: "application/octet-stream" });
  return doc.save({ useObjectStreams: false });
}

/** A small transparent PNG with a blue stroke, standing in for a scanned handwritten signature. */
export function makeSignaturePng(width = 120, height = 48): Uint8Array {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 4);
    for (let x = 0; x < width; x++) {
      const curve = Math.round(height / 2 + (height / 3) * Math.sin((x / width) * Math.PI * 3));
      if (Math.abs(curve - y) <= 1) row.set([0x1a, 0x3c, 0xc8, 0xff], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", deflateSync(Buffer.concat(rows))),
      chunk("IEND", Buffer.alloc(0)),
    ]),
  );
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export type PdfsigSignature = { valid: boolean; totalDocument: boolean; text: string };

/**
 * Runs poppler's `pdfsig` (without certificate checks: the test CA is not in NSS's store) and
 * splits its report per signature.
 */
export function pdfsig(pdf: Uint8Array): PdfsigSignature[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lt-pdfsig-")), "doc.pdf");
  fs.writeFileSync(file, pdf);
  const result = spawnSync("pdfsig", ["-nocert", file], { encoding: "utf8" });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return result.stdout
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((text) => ({
      valid: text.includes("Signature Validation: Signature is Valid."),
      totalDocument: text.includes("Total document signed"),
      text,
    }));
}
