import type { SignatureAlgorithm } from "@lienthong/pki";
import { EdxmlError } from "../errors.ts";

/** Algorithm identifiers of XML-DSig (RFC 3275, RFC 6931). */
export const URI = {
  envelopedSignature: "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
  excC14n: "http://www.w3.org/2001/10/xml-exc-c14n#",
  c14n: "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
  sha1: "http://www.w3.org/2000/09/xmldsig#sha1",
  sha256: "http://www.w3.org/2001/04/xmlenc#sha256",
  sha384: "http://www.w3.org/2001/04/xmldsig-more#sha384",
  sha512: "http://www.w3.org/2001/04/xmlenc#sha512",
} as const;

export type SignatureMethod = {
  name: SignatureAlgorithm | "RSA-SHA1";
  hash: "sha1" | "sha256" | "sha384" | "sha512";
  key: "rsa" | "ec";
};

/** Signature methods accepted when verifying; RSA-SHA1 only for packages signed years ago. */
export const SIGNATURE_METHODS: Record<string, SignatureMethod> = {
  "http://www.w3.org/2000/09/xmldsig#rsa-sha1": { name: "RSA-SHA1", hash: "sha1", key: "rsa" },
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": {
    name: "RSA-SHA256",
    hash: "sha256",
    key: "rsa",
  },
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": {
    name: "RSA-SHA384",
    hash: "sha384",
    key: "rsa",
  },
  "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": {
    name: "RSA-SHA512",
    hash: "sha512",
    key: "rsa",
  },
  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": {
    name: "ECDSA-SHA256",
    hash: "sha256",
    key: "ec",
  },
  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": {
    name: "ECDSA-SHA384",
    hash: "sha384",
    key: "ec",
  },
};

export const DIGEST_METHODS: Record<string, SignatureMethod["hash"]> = {
  [URI.sha1]: "sha1",
  [URI.sha256]: "sha256",
  [URI.sha384]: "sha384",
  [URI.sha512]: "sha512",
};

/** The SignatureMethod URI for what a signer produces. */
export function signatureMethodUri(algorithm: SignatureAlgorithm): string {
  const found = Object.entries(SIGNATURE_METHODS).find(([, m]) => m.name === algorithm);
  if (!found) throw new EdxmlError("cannot_sign", { detail: algorithm });
  return found[0];
}

/** Bytes of one coordinate for each curve XML-DSig uses with ECDSA. */
const CURVE_BYTES: Record<string, number> = { prime256v1: 32, secp384r1: 48, secp521r1: 66 };

export function curveBytes(namedCurve: string | undefined): number {
  const size = namedCurve ? CURVE_BYTES[namedCurve] : undefined;
  if (!size) throw new EdxmlError("cannot_sign", { detail: `curve ${namedCurve ?? "?"}` });
  return size;
}

/**
 * CMS carries an ECDSA signature as a DER `SEQUENCE { r INTEGER, s INTEGER }`; XML-DSig wants
 * r‖s, each left-padded to the curve's size (RFC 4050, RFC 6931 §3.3.1).
 */
export function derToP1363(der: Uint8Array, size: number): Uint8Array {
  const fail = () => new EdxmlError("cannot_sign", { detail: "ECDSA signature is not DER" });
  let at = 0;
  const length = () => {
    const first = der[at++];
    if (first === undefined) throw fail();
    if (first < 0x80) return first;
    let value = 0;
    for (let n = first & 0x7f; n > 0; n--) value = (value << 8) | (der[at++] ?? 0);
    return value;
  };
  if (der[at++] !== 0x30) throw fail();
  length();
  const integer = () => {
    if (der[at++] !== 0x02) throw fail();
    const len = length();
    let bytes = der.subarray(at, at + len);
    at += len;
    while (bytes.length > size && bytes[0] === 0) bytes = bytes.subarray(1);
    if (bytes.length > size) throw fail();
    const out = new Uint8Array(size);
    out.set(bytes, size - bytes.length);
    return out;
  };
  const r = integer();
  const s = integer();
  return Buffer.concat([r, s]);
}
