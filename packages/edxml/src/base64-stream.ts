/**
 * Incremental base64, so an attachment of any size passes through in chunks: a 100 MB file never
 * sits whole in memory as a string, on the way in or out.
 */

/** Base64 text of each chunk, carrying the 0–2 bytes that do not fill a 3-byte group. */
export async function* encodeBase64Chunks(
  source: Uint8Array | AsyncIterable<Uint8Array>,
): AsyncGenerator<string> {
  if (source instanceof Uint8Array) {
    yield Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString("base64");
    return;
  }
  let carry = Buffer.alloc(0);
  for await (const chunk of source) {
    const joined = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk);
    const whole = joined.length - (joined.length % 3);
    if (whole > 0) yield joined.subarray(0, whole).toString("base64");
    carry = Buffer.from(joined.subarray(whole));
  }
  if (carry.length) yield carry.toString("base64");
}

/** Whitespace, literal or as a character reference, which some systems put into long base64. */
const SPACE = /\s+|&#(?:x0*[9aAdD]|0*(?:9|10|13)|x0*20|0*32);/g;
const BODY = /^[A-Za-z0-9+/]*$/;

/**
 * Decodes base64 text arriving in pieces and says whether it was valid: only the base64 alphabet
 * and whitespace, at most two `=` and only at the end, a length that is a multiple of four. Node's
 * own decoder skips bad characters silently, hence the checks.
 */
export class Base64Decoder {
  private pending = "";
  private entity = "";
  private padding = 0;
  private bad = false;
  size = 0;

  /** Decodes what can be decoded; returns the bytes (possibly empty). */
  push(text: string): Buffer {
    if (this.bad) return Buffer.alloc(0);
    let value = this.entity + text;
    this.entity = "";
    const amp = value.lastIndexOf("&");
    if (amp >= 0 && value.indexOf(";", amp) < 0 && value.length - amp < 12) {
      this.entity = value.slice(amp);
      value = value.slice(0, amp);
    }
    const clean = value.replace(SPACE, "");
    if (clean.length === 0) return Buffer.alloc(0);
    const eq = clean.indexOf("=");
    const body = eq < 0 ? clean : clean.slice(0, eq);
    const tail = eq < 0 ? "" : clean.slice(eq);
    if ((this.padding > 0 && body.length > 0) || !BODY.test(body) || /[^=]/.test(tail)) {
      this.bad = true;
      return Buffer.alloc(0);
    }
    this.padding += tail.length;
    const all = this.pending + clean;
    const whole = all.length - (all.length % 4);
    this.pending = all.slice(whole);
    if (this.padding > 2) this.bad = true;
    if (this.bad || whole === 0) return Buffer.alloc(0);
    const bytes = Buffer.from(all.slice(0, whole), "base64");
    this.size += bytes.length;
    return bytes;
  }

  /** True when all the text seen was valid base64 and nothing is left over. */
  finish(): boolean {
    return !this.bad && this.pending.length === 0 && this.entity.length === 0;
  }
}
