import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  pbkdf2Sync,
  randomBytes,
} from "node:crypto";
import * as asn1js from "asn1js";
import { PkiError } from "../x509/errors.ts";
import { DIGEST_BY_OID } from "../x509/oids.ts";

export const PKCS12_OID = {
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacWithSha1: "1.2.840.113549.2.7",
  hmacWithSha256: "1.2.840.113549.2.9",
  hmacWithSha384: "1.2.840.113549.2.10",
  hmacWithSha512: "1.2.840.113549.2.11",
  aes128Cbc: "2.16.840.1.101.3.4.1.2",
  aes192Cbc: "2.16.840.1.101.3.4.1.22",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  pbeSha3DesCbc: "1.2.840.113549.1.12.1.3",
  keyBag: "1.2.840.113549.1.12.10.1.1",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
  friendlyName: "1.2.840.113549.1.9.20",
} as const;

const PRF_DIGEST: Record<string, string> = {
  [PKCS12_OID.hmacWithSha1]: "sha1",
  [PKCS12_OID.hmacWithSha256]: "sha256",
  [PKCS12_OID.hmacWithSha384]: "sha384",
  [PKCS12_OID.hmacWithSha512]: "sha512",
};
const AES: Record<string, string> = {
  [PKCS12_OID.aes128Cbc]: "aes-128-cbc",
  [PKCS12_OID.aes192Cbc]: "aes-192-cbc",
  [PKCS12_OID.aes256Cbc]: "aes-256-cbc",
};

/** PKCS#12 passwords for the MAC and legacy PBEs are BMPString with a terminating NUL (RFC 7292 B.1). */
function bmpPassword(password: string): Buffer {
  const utf16 = Buffer.from(`${password}\0`, "utf16le");
  for (let i = 0; i < utf16.length; i += 2) [utf16[i], utf16[i + 1]] = [utf16[i + 1]!, utf16[i]!];
  return utf16;
}

/** The PKCS#12 key derivation (RFC 7292 appendix B.2); `id` 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(options: {
  password: string;
  salt: Uint8Array;
  iterations: number;
  id: 1 | 2 | 3;
  length: number;
  digest: string;
}): Buffer {
  const u = createHash(options.digest).digest().length;
  const v = options.digest === "sha384" || options.digest === "sha512" ? 128 : 64;
  const fill = (data: Buffer) => {
    const out = Buffer.alloc(v * Math.ceil(data.length / v));
    for (let i = 0; i < out.length; i++) out[i] = data[i % data.length]!;
    return out;
  };
  const password = bmpPassword(options.password);
  const input = Buffer.concat([
    options.salt.length ? fill(Buffer.from(options.salt)) : Buffer.alloc(0),
    fill(password),
  ]);
  const blocks: Buffer[] = [];
  for (let produced = 0; produced < options.length; produced += u) {
    let a = Buffer.concat([Buffer.alloc(v, options.id), input]);
    for (let r = 0; r < options.iterations; r++) a = createHash(options.digest).update(a).digest();
    blocks.push(a);
    const b = fill(a);
    for (let offset = 0; offset < input.length; offset += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = input[offset + k]! + b[k]! + carry;
        input[offset + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, options.length);
}

export function macOf(options: {
  password: string;
  salt: Uint8Array;
  iterations: number;
  digestOid: string;
  data: Uint8Array;
}): Buffer {
  const digest = DIGEST_BY_OID[options.digestOid];
  if (!digest) throw new PkiError("unsupported_algorithm", `MAC ${options.digestOid}`);
  const length = createHash(digest).digest().length;
  const key = pkcs12Kdf({ ...options, id: 3, length, digest });
  return createHmac(digest, key).update(options.data).digest();
}

const seq = (value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });

/** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC: what OpenSSL 3 writes by default. */
export function encryptPbes2(
  data: Uint8Array,
  password: string,
  iterations: number,
): { algorithm: asn1js.Sequence; encrypted: Buffer } {
  const salt = randomBytes(8);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const encrypted = Buffer.concat([cipher.update(data), cipher.final()]);
  const algorithm = seq([
    oid(PKCS12_OID.pbes2),
    seq([
      seq([
        oid(PKCS12_OID.pbkdf2),
        seq([
          new asn1js.OctetString({ valueHex: salt }),
          new asn1js.Integer({ value: iterations }),
          seq([oid(PKCS12_OID.hmacWithSha256), new asn1js.Null()]),
        ]),
      ]),
      seq([oid(PKCS12_OID.aes256Cbc), new asn1js.OctetString({ valueHex: iv })]),
    ]),
  ]);
  return { algorithm, encrypted };
}

export type Node = asn1js.AsnType & {
  valueBlock: { value: Node[]; valueHexView: Uint8Array; valueDec: number };
};
/**
 * Iteration counts are read from the file, so a hostile file could ask for billions of rounds and
 * hold the process; real files use 2048 (OpenSSL) to a few hundred thousand.
 */
const MAX_ITERATIONS = 1_000_000;

export function iterationCount(node: Node | undefined): number {
  const count = node?.valueBlock.valueDec ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_ITERATIONS)
    throw new PkiError("malformed_pkcs12", `số vòng lặp / iteration count ${count}`);
  return count;
}

const octets = (node: Node | undefined) => Buffer.from(node!.valueBlock.valueHexView);

/** Decrypts PBES2 (PBKDF2 + AES-CBC) or the legacy pbeWithSHAAnd3-KeyTripleDES-CBC. */
export function decrypt(algorithm: Node, encrypted: Uint8Array, password: string): Buffer {
  const [id, params] = algorithm.valueBlock.value;
  const scheme = (id as unknown as asn1js.ObjectIdentifier).valueBlock.toString();
  try {
    if (scheme === PKCS12_OID.pbeSha3DesCbc) {
      const [salt, count] = params!.valueBlock.value;
      const kdf = {
        password,
        salt: octets(salt),
        iterations: iterationCount(count),
        digest: "sha1",
      };
      const key = pkcs12Kdf({ ...kdf, id: 1, length: 24 });
      const iv = pkcs12Kdf({ ...kdf, id: 2, length: 8 });
      const decipher = createDecipheriv("des-ede3-cbc", key, iv);
      return Buffer.concat([decipher.update(encrypted), decipher.final()]);
    }
    if (scheme !== PKCS12_OID.pbes2) throw new PkiError("unsupported_algorithm", scheme);
    const [kdf, cipherSpec] = params!.valueBlock.value;
    const [salt, count, ...rest] = kdf!.valueBlock.value[1]!.valueBlock.value;
    const prfNode = rest.find((n) => n instanceof asn1js.Sequence);
    const prfOid = prfNode
      ? (prfNode.valueBlock.value[0] as unknown as asn1js.ObjectIdentifier).valueBlock.toString()
      : PKCS12_OID.hmacWithSha1;
    const cipherOid = (
      cipherSpec!.valueBlock.value[0] as unknown as asn1js.ObjectIdentifier
    ).valueBlock.toString();
    const cipherName = AES[cipherOid];
    const prf = PRF_DIGEST[prfOid];
    if (!cipherName || !prf)
      throw new PkiError("unsupported_algorithm", `${cipherOid} / ${prfOid}`);
    const keyLength = Number(cipherName.split("-")[1]) / 8;
    const key = pbkdf2Sync(
      Buffer.from(password, "utf8"),
      octets(salt),
      iterationCount(count),
      keyLength,
      prf,
    );
    const decipher = createDecipheriv(cipherName, key, octets(cipherSpec!.valueBlock.value[1]));
    return Buffer.concat([decipher.update(encrypted), decipher.final()]);
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError("wrong_password", "giải mã thất bại / decryption failed", { cause: error });
  }
}
