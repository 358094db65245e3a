/**
 * Just enough DER to write a CMS SignedData by hand. pkijs builds the same bytes through its
 * schema objects at 30–90 ms a signature; signing must cost little more than the RSA operation.
 */

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const length = content.reduce((sum, c) => sum + c.length, 0);
  const header =
    length < 0x80 ? [tag, length] : [tag, 0x80 | byteLength(length), ...bigEndian(length)];
  return concat([Uint8Array.from(header), ...content]);
}

export const sequence = (...content: Uint8Array[]) => tlv(0x30, ...content);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const NULL = Uint8Array.from([0x05, 0x00]);

/** A DER SET OF: elements sorted by their encoding, as X.690 11.6 requires. */
export function setOf(elements: readonly Uint8Array[]): Uint8Array {
  return tlv(0x31, ...[...elements].sort((a, b) => Buffer.compare(a, b)));
}

export function integer(value: number): Uint8Array {
  return tlv(0x02, Uint8Array.from(value < 0x80 ? [value] : [0, value]));
}

export function objectIdentifier(dotted: string): Uint8Array {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const bytes: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

export type Element = { tag: number; start: number; contentStart: number; end: number };

/** Reads the element at `offset` (definite lengths only, as DER has). */
export function readElement(der: Uint8Array, offset = 0): Element {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new Error("DER truncated");
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error("DER length not supported");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[contentStart + i] ?? 0);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error("DER truncated");
  return { tag, start: offset, contentStart, end };
}

export function childrenOf(der: Uint8Array, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.contentStart; at < parent.end; at = out.at(-1)!.end)
    out.push(readElement(der, at));
  return out;
}

/** The issuer Name and serialNumber INTEGER of a certificate, as encoded in it. */
export function issuerAndSerial(certificate: Uint8Array): {
  issuer: Uint8Array;
  serial: Uint8Array;
} {
  const tbs = childrenOf(certificate, readElement(certificate))[0];
  if (!tbs) throw new Error("not a certificate");
  const fields = childrenOf(certificate, tbs);
  const skip = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[skip];
  const issuer = fields[skip + 2];
  if (!serial || !issuer) throw new Error("not a certificate");
  return {
    issuer: certificate.subarray(issuer.start, issuer.end),
    serial: certificate.subarray(serial.start, serial.end),
  };
}

function byteLength(n: number): number {
  return n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
}

function bigEndian(n: number): number[] {
  return Array.from(
    { length: byteLength(n) },
    (_, i) => (n >>> (8 * (byteLength(n) - 1 - i))) & 0xff,
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
