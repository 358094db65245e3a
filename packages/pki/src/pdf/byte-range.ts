/**
 * The two holes a PDF signature needs: /ByteRange, written before the offsets it names are known,
 * and /Contents, reserved as zeros before the CMS exists. Both are patched in place at the same
 * length, so no other byte of the file moves.
 */
import { createHash } from "node:crypto";
import type { DigestName } from "../cms/algorithms.ts";

/** Ten digits each, enough for files up to 9.3 GB; patched values are padded with spaces. */
export const BYTE_RANGE_PLACEHOLDER = [0, 9_999_999_999, 9_999_999_998, 9_999_999_997] as const;

export type ByteRange = [number, number, number, number];

export type SignatureHoles = {
  byteRange: ByteRange;
  /** Offset of the ByteRange array text `[...]` and its length. */
  byteRangeText: { start: number; length: number };
  /** Offset of the first hex digit inside `<...>` and the number of hex digits. */
  contents: { start: number; length: number };
};

const PLACEHOLDER_PATTERN = /\[\s*0\s+9999999999\s+9999999998\s+9999999997\s*\]/g;

/**
 * Finds the placeholder of the signature just written (the last one in the file), patches the
 * real /ByteRange into it and returns where /Contents goes.
 */
export function patchByteRange(pdf: Uint8Array): SignatureHoles {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  const match = [...text.matchAll(PLACEHOLDER_PATTERN)].at(-1);
  if (!match || match.index === undefined)
    throw new Error("Không tìm thấy chỗ dành cho /ByteRange / ByteRange placeholder not found");
  const objectStart = text.lastIndexOf(" obj", match.index);
  const objectEnd = text.indexOf("endobj", match.index);
  const contentsKey = text.indexOf("/Contents", objectStart);
  if (contentsKey < 0 || (objectEnd >= 0 && contentsKey > objectEnd))
    throw new Error("Không tìm thấy /Contents / Contents placeholder not found");
  const open = text.indexOf("<", contentsKey);
  const close = text.indexOf(">", open);
  const contents = { start: open + 1, length: close - open - 1 };
  const byteRange: ByteRange = [0, open, close + 1, pdf.length - close - 1];
  const patched = `[${byteRange.join(" ")}]`.padEnd(match[0].length, " ");
  if (patched.length !== match[0].length)
    throw new Error("ByteRange quá dài / ByteRange does not fit its placeholder");
  pdf.set(Buffer.from(patched, "latin1"), match.index);
  return { byteRange, byteRangeText: { start: match.index, length: match[0].length }, contents };
}

/** Hashes the bytes a ByteRange covers, without copying the file. */
export function digestByteRange(pdf: Uint8Array, range: ByteRange, digest: DigestName): Uint8Array {
  const hash = createHash(digest);
  for (const [offset, length] of [
    [range[0], range[1]],
    [range[2], range[3]],
  ] as const)
    hash.update(pdf.subarray(offset, offset + length));
  return new Uint8Array(hash.digest());
}

/** Writes the CMS as hex into the reserved /Contents, zero-padded to the reserved length. */
export function fillContents(
  pdf: Uint8Array,
  contents: SignatureHoles["contents"],
  cms: Uint8Array,
) {
  const hex = Buffer.from(cms).toString("hex");
  if (hex.length > contents.length)
    throw new Error(
      `Chữ ký (${cms.length} byte) lớn hơn chỗ dành sẵn (${contents.length / 2} byte) / signature larger than the reserved space`,
    );
  const target = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  target.write(hex, contents.start, "latin1");
  target.fill(0x30, contents.start + hex.length, contents.start + contents.length);
}
