import {
  assembleSignedData,
  parseSignedData,
  validateCertificate,
  verifyCmsSignature,
  verifyTimestampToken,
} from "@lienthong/pki";
import {
  chainHash,
  checkpointContent,
  recordDigest,
  type CheckpointStatement,
  type EvidenceFields,
} from "./chain.ts";

/**
 * Proof that one exchange is in the evidence log, checkable by anyone holding the platform's CA
 * certificate: no database, no server, no other exchange's content. The platform's
 * `evidence/proof.ts` computes the same verdicts; this file imports only `chain.ts` and
 * `@lienthong/pki`.
 */

export const PROOF_FORMAT = "lienthong.evidence-proof.v1";

/** A signed, timestamped chain head; binary values are DER in base64. */
export type ProofCheckpoint = CheckpointStatement & {
  /** Detached CMS SignedData over `checkpointContent(statement)`. */
  signature: string;
  /** RFC 3161 TimeStampToken over the CMS signature value (hashed as the signer's digest). */
  timestampToken: string;
  /** Signer certificate first, then the CA certificates above it. */
  certificates: string[];
};

export type ProofBundle = {
  format: typeof PROOF_FORMAT;
  exchange: {
    seq: number;
    /** The hash of the row before it: it stands for every earlier exchange without showing one. */
    prevHash: string;
    record: EvidenceFields;
  };
  /** Record digests from the exchange's own to the checkpoint's head, in chain order. */
  digests: string[];
  /** Null when no checkpoint covers the exchange yet; `head` then says where the chain stands. */
  checkpoint: ProofCheckpoint | null;
  head?: { seq: number; hash: string };
};

export type ProofFailure =
  | "malformed"
  | "record_altered"
  | "chain_broken"
  | "not_checkpointed"
  | "signature_invalid"
  | "signer_untrusted"
  | "timestamp_invalid";

export type ProofVerification =
  | {
      valid: true;
      exchangeId: string;
      seq: number;
      checkpoint: CheckpointStatement;
      /** When the timestamp authority saw the checkpoint's signature (ISO 8601). */
      timestampedAt: string;
    }
  | { valid: false; code: ProofFailure; reason: { vi: string; en: string } };

const REASONS: Record<ProofFailure, { vi: string; en: string }> = {
  malformed: {
    vi: "Gói bằng chứng không đúng định dạng",
    en: "The proof bundle is malformed",
  },
  record_altered: {
    vi: "Nội dung giao dịch không khớp giá trị băm đã ghi",
    en: "The exchange record does not match its recorded digest",
  },
  chain_broken: {
    vi: "Chuỗi băm không dẫn tới đầu chuỗi đã ký",
    en: "The hash chain does not lead to the signed chain head",
  },
  not_checkpointed: {
    vi: "Giao dịch chưa được ký và gắn dấu thời gian; hãy lấy lại gói sau lần ký kế tiếp",
    en: "The exchange is not yet signed and timestamped; fetch the bundle again after the next checkpoint",
  },
  signature_invalid: {
    vi: "Chữ ký số của điểm kiểm tra không hợp lệ",
    en: "The checkpoint's signature is invalid",
  },
  signer_untrusted: {
    vi: "Chứng thư ký điểm kiểm tra không dẫn tới chứng thư gốc tin cậy",
    en: "The checkpoint's signer certificate does not chain to a trusted root",
  },
  timestamp_invalid: {
    vi: "Dấu thời gian của điểm kiểm tra không hợp lệ",
    en: "The checkpoint's timestamp is invalid",
  },
};

const fail = (code: ProofFailure): ProofVerification => ({
  valid: false,
  code,
  reason: REASONS[code],
});

const HEX64 = /^[0-9a-f]{64}$/;
const isHash = (value: unknown): value is string => typeof value === "string" && HEX64.test(value);
const isSeq = (value: unknown): value is number => Number.isSafeInteger(value) && Number(value) > 0;

/** Base64 that decodes to bytes which encode back to the same text, so no character is slack. */
function strictBase64(value: unknown): Uint8Array | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  const bytes = Buffer.from(value, "base64");
  return bytes.toString("base64") === value ? new Uint8Array(bytes) : undefined;
}

function wellFormed(bundle: unknown): bundle is ProofBundle {
  const b = bundle as ProofBundle | null;
  if (typeof b !== "object" || b === null || b.format !== PROOF_FORMAT) return false;
  const { exchange, digests, checkpoint } = b;
  if (typeof exchange !== "object" || exchange === null) return false;
  if (!isSeq(exchange.seq) || !isHash(exchange.prevHash)) return false;
  if (typeof exchange.record !== "object" || exchange.record === null) return false;
  if (!Array.isArray(digests) || digests.length === 0 || !digests.every(isHash)) return false;
  if (checkpoint === null)
    return b.head === undefined || (isSeq(b.head.seq) && isHash(b.head.hash));
  return (
    typeof checkpoint === "object" &&
    isSeq(checkpoint.upToSeq) &&
    isHash(checkpoint.headHash) &&
    typeof checkpoint.at === "string" &&
    typeof checkpoint.instance === "string" &&
    Array.isArray(checkpoint.certificates) &&
    checkpoint.certificates.length > 0
  );
}

/**
 * Verifies a proof bundle against the given trust anchors (DER): the record hashes to the first
 * digest; the digests, linked from `prevHash`, end at the checkpoint's head hash after the right
 * number of links; the checkpoint's CMS signature covers exactly its statement, by a certificate
 * that chains to a trust anchor; and the RFC 3161 token covers that signature's value.
 */
export async function verifyProofBundle(
  bundle: unknown,
  options: { trustAnchors: readonly Uint8Array[] },
): Promise<ProofVerification> {
  if (!wellFormed(bundle)) return fail("malformed");
  const { exchange, digests, checkpoint } = bundle;
  if (recordDigest(exchange.record) !== digests[0]) return fail("record_altered");
  let head = exchange.prevHash;
  for (const digest of digests) head = chainHash(head, digest);
  const lastSeq = exchange.seq + digests.length - 1;
  if (!checkpoint) {
    if (bundle.head && (bundle.head.hash !== head || bundle.head.seq !== lastSeq))
      return fail("chain_broken");
    return fail("not_checkpointed");
  }
  if (checkpoint.headHash !== head || checkpoint.upToSeq !== lastSeq) return fail("chain_broken");

  const cms = strictBase64(checkpoint.signature);
  const token = strictBase64(checkpoint.timestampToken);
  const certificates = checkpoint.certificates.map(strictBase64);
  if (!cms || !token || !certificates.every((c) => c !== undefined)) return fail("malformed");
  const verdict = await verifyCheckpoint(
    {
      statement: checkpoint,
      signature: cms,
      timestampToken: token,
      certificates: certificates as Uint8Array[],
    },
    options.trustAnchors,
  );
  if (!verdict.ok) return fail(verdict.code);
  return {
    valid: true,
    exchangeId: exchange.record.id,
    seq: exchange.seq,
    checkpoint: {
      upToSeq: checkpoint.upToSeq,
      headHash: checkpoint.headHash,
      at: checkpoint.at,
      instance: checkpoint.instance,
    },
    timestampedAt: verdict.timestampedAt.toISOString(),
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * The CMS as the platform encodes it from its signed attributes, signature value, the given
 * certificates and the given timestamp token. Equal bytes mean the CMS carries exactly those
 * certificates and that token, and no byte of it goes unchecked: a byte changed where no
 * signature reaches (an embedded CA certificate, the embedded token) is still detected.
 */
function rebuilt(parsed: ReturnType<typeof parseSignedData>, checkpoint: SignedCheckpoint) {
  const [signer, ...chain] = checkpoint.certificates;
  const algorithm = `${parsed.keyType === "ec" ? "ECDSA" : "RSA"}-${parsed.digest.toUpperCase()}`;
  return assembleSignedData({
    signedAttributes: parsed.signedAttributesDer!,
    signatureValue: parsed.signatureValue,
    certificate: signer!,
    chain,
    algorithm: algorithm as Parameters<typeof assembleSignedData>[0]["algorithm"],
    timestampToken: checkpoint.timestampToken,
  });
}

/** A checkpoint as stored or carried in a bundle, binary values as DER. */
export type SignedCheckpoint = {
  statement: CheckpointStatement;
  signature: Uint8Array;
  timestampToken: Uint8Array;
  /** Signer certificate first, then the CA certificates above it. */
  certificates: readonly Uint8Array[];
};

/**
 * Checks one checkpoint: its CMS signature covers exactly the statement and was made with the
 * first certificate; the RFC 3161 token covers the signature value and comes from a TSA that
 * chains to a trust anchor; the signer certificate chains to a trust anchor at the token's time.
 */
export async function verifyCheckpoint(
  checkpoint: SignedCheckpoint,
  trustAnchors: readonly Uint8Array[],
): Promise<{ ok: true; timestampedAt: Date } | { ok: false; code: ProofFailure }> {
  const [signerCertificate, ...intermediates] = checkpoint.certificates;
  if (!signerCertificate) return { ok: false, code: "malformed" };
  let signatureValue: Uint8Array;
  try {
    const parsed = parseSignedData(checkpoint.signature);
    const check = verifyCmsSignature({
      cms: parsed,
      content: [checkpointContent(checkpoint.statement)],
    });
    if (
      !check.digestMatches ||
      !check.signatureValid ||
      check.signingCertificateMatches === false ||
      !check.signerCertificate ||
      !Buffer.from(check.signerCertificate).equals(Buffer.from(signerCertificate)) ||
      !sameBytes(rebuilt(parsed, checkpoint), checkpoint.signature)
    )
      return { ok: false, code: "signature_invalid" };
    signatureValue = parsed.signatureValue;
  } catch {
    return { ok: false, code: "signature_invalid" };
  }

  let timestampedAt: Date;
  try {
    const timestamp = await verifyTimestampToken({
      token: checkpoint.timestampToken,
      data: signatureValue,
      trustAnchors,
    });
    if (!timestamp.valid || timestamp.imprintMatches !== true)
      return { ok: false, code: "timestamp_invalid" };
    timestampedAt = timestamp.genTime;
  } catch {
    return { ok: false, code: "timestamp_invalid" };
  }

  try {
    const chain = await validateCertificate({
      certificate: signerCertificate,
      intermediates,
      trustAnchors,
      at: timestampedAt,
      revocation: false,
      purpose: "documentSigning",
    });
    if (chain.indication !== "PASSED") return { ok: false, code: "signer_untrusted" };
  } catch {
    return { ok: false, code: "signer_untrusted" };
  }
  return { ok: true, timestampedAt };
}

/** Bilingual reason of a failure code, for callers that report in one line. */
export function proofFailureReason(code: ProofFailure): { vi: string; en: string } {
  return REASONS[code];
}
