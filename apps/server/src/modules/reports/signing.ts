import { createHash, createPublicKey, verify, X509Certificate } from "node:crypto";
import type { Signer } from "@lienthong/pki";
import { canonicalJson } from "../../core/canonical-json.ts";

/**
 * Submissions are signed as a compact JWS (RFC 7515) over the canonical JSON (keys sorted at every
 * level, no spaces, ECMAScript number form — RFC 8785 for the data a report holds) of what was
 * submitted. The protected header carries
 * the signing certificate and its chain (`x5c`), so anyone can check the signature with the
 * certificate alone — `openssl dgst -verify` on the signing input, for one.
 */

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

/** ECDSA signatures come from the signer as DER; JWS wants r‖s, each padded to the key size. */
function derToJose(der: Uint8Array, size: number): Buffer {
  const bytes = Buffer.from(der);
  let at = 2 + (bytes[1]! & 0x80 ? bytes[1]! & 0x7f : 0);
  const read = () => {
    const length = bytes[at + 1]!;
    const value = bytes.subarray(at + 2, at + 2 + length);
    at += 2 + length;
    const trimmed = value[0] === 0 ? value.subarray(1) : value;
    return Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
  };
  return Buffer.concat([read(), read()]);
}

const ALGORITHMS: Record<Signer["algorithm"], string> = {
  "RSA-SHA256": "RS256",
  "RSA-SHA384": "RS384",
  "RSA-SHA512": "RS512",
  "ECDSA-SHA256": "ES256",
  "ECDSA-SHA384": "ES384",
};

export const SUBMISSION_TYPE = "lienthong-report+jws";

/** Signs `payload` (canonical JSON) with the signer; returns the compact JWS and the payload's digest. */
export async function signSubmission(
  signer: Signer,
  payload: unknown,
): Promise<{ jws: string; payloadSha256: string }> {
  const alg = ALGORITHMS[signer.algorithm];
  const header = {
    alg,
    typ: SUBMISSION_TYPE,
    x5c: [signer.certificate, ...signer.chain].map((der) => Buffer.from(der).toString("base64")),
  };
  const body = canonicalJson(payload);
  const input = `${b64url(canonicalJson(header))}.${b64url(body)}`;
  const raw = Buffer.from(await signer.sign(new TextEncoder().encode(input)));
  const signature = alg.startsWith("ES") ? derToJose(raw, alg === "ES256" ? 32 : 48) : raw;
  return {
    jws: `${input}.${signature.toString("base64url")}`,
    payloadSha256: createHash("sha256").update(body).digest("hex"),
  };
}

export type SubmissionCheck = {
  valid: boolean;
  /** The signing certificate's subject and serial, and its validity period. */
  signer: { subject: string; issuer: string; serialNumber: string; validTo: string } | null;
  payload: unknown;
  payloadSha256: string | null;
  /** The certificates the signature carries (`x5c`, DER, the signer's first), for a path check. */
  certificates: Uint8Array[];
  problem: string | null;
};

/**
 * Checks a submission's JWS with the certificate it carries. Whether the certificate chains to a
 * trusted CA, and whether the signed values are the ones stored, are the caller's to check
 * (`report-signature.ts`).
 */
export function checkSubmission(jws: string): SubmissionCheck {
  const fail = (problem: string, extra: Partial<SubmissionCheck> = {}): SubmissionCheck => ({
    valid: false,
    signer: null,
    payload: null,
    payloadSha256: null,
    certificates: [],
    problem,
    ...extra,
  });
  const parts = jws.split(".");
  if (parts.length !== 3) return fail("Chữ ký không đúng dạng JWS rút gọn");
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: string; typ?: string; x5c?: unknown };
  let payloadText: string;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as typeof header;
    payloadText = Buffer.from(body, "base64url").toString("utf8");
    payload = JSON.parse(payloadText);
  } catch {
    return fail("Chữ ký không đọc được");
  }
  const payloadSha256 = createHash("sha256").update(payloadText).digest("hex");
  const x5c = Array.isArray(header.x5c) ? header.x5c : [];
  if (
    header.typ !== SUBMISSION_TYPE ||
    typeof x5c[0] !== "string" ||
    x5c.some((c) => typeof c !== "string")
  )
    return fail("Chữ ký không phải chữ ký báo cáo của nền tảng", { payload, payloadSha256 });
  const certificates = (x5c as string[]).map((c) => new Uint8Array(Buffer.from(c, "base64")));
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificates[0]!);
  } catch {
    return fail("Chứng thư số trong chữ ký không đọc được", { payload, payloadSha256 });
  }
  const signer = {
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    validTo: new Date(certificate.validTo).toISOString(),
  };
  const alg = header.alg ?? "";
  const digest = {
    RS256: "sha256",
    RS384: "sha384",
    RS512: "sha512",
    ES256: "sha256",
    ES384: "sha384",
  }[alg];
  if (!digest)
    return fail(`Thuật toán ${alg} không được hỗ trợ`, {
      signer,
      payload,
      payloadSha256,
      certificates,
    });
  let ok = false;
  try {
    const key = createPublicKey(certificate.publicKey.export({ type: "spki", format: "pem" }));
    ok = verify(
      digest,
      Buffer.from(`${head}.${body}`),
      alg.startsWith("ES") ? { key, dsaEncoding: "ieee-p1363" } : key,
      Buffer.from(signature, "base64url"),
    );
  } catch {
    // A key that does not fit the algorithm named (an RSA key under ES256): not a valid signature.
  }
  if (!ok)
    return fail("Chữ ký không khớp với nội dung", { signer, payload, payloadSha256, certificates });
  return { valid: true, signer, payload, payloadSha256, certificates, problem: null };
}
