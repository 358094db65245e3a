/** More than a form of the largest template unpacks to, by far. */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
const MAX_ENTRIES = 10_000;
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/**
 * Reads a ZIP archive's central directory (APPNOTE 4.3.12, 4.3.16) before anything unpacks it:
 * an .xlsx is a ZIP, and a few megabytes of ZIP can claim gigabytes once inflated, which the
 * spreadsheet reader would try to hold in memory. Returns why the file is refused, if it is:
 * `not_zip` (no readable directory: not an .xlsx, or damaged) or `too_large` (too many entries,
 * too many bytes unpacked, or ZIP64 sizes no form needs).
 */
export function checkArchive(file: Buffer): "not_zip" | "too_large" | undefined {
  if (file.length < 22) return "not_zip";
  let end = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i--)
    if (file.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  if (end < 0) return "not_zip";
  const entries = file.readUInt16LE(end + 10);
  const size = file.readUInt32LE(end + 12);
  const offset = file.readUInt32LE(end + 16);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return "too_large";
  if (entries > MAX_ENTRIES) return "too_large";
  if (entries === 0 || offset + size > end) return "not_zip";
  let total = 0;
  let at = offset;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > end || file.readUInt32LE(at) !== DIRECTORY_ENTRY) return "not_zip";
    const unpacked = file.readUInt32LE(at + 24);
    if (unpacked === 0xffffffff) return "too_large";
    total += unpacked;
    if (total > MAX_UNPACKED_BYTES) return "too_large";
    at += 46 + file.readUInt16LE(at + 28) + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  return undefined;
}
