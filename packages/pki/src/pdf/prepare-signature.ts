import { PDF } from "@libpdf/core";
import { signerAlgorithm, type DigestName } from "../cms/algorithms.ts";
import { assembleSignedData } from "../cms/create-signed-data.ts";
import { signedMessageDigest } from "../cms/message-digest.ts";
import { buildSignedAttributes } from "../cms/signed-attributes.ts";
import type { SignatureAlgorithm } from "../signer.ts";
import type { VisibleSignature } from "./appearance.ts";
import { digestByteRange, fillContents, patchByteRange, type ByteRange } from "./byte-range.ts";
import { addSignatureField } from "./signature-field.ts";

/**
 * Room for the CMS: the signer and CA certificates, and a timestamp token with the TSA's
 * certificates, fit with margin in 24 KB for RSA-4096 chains.
 */
export const DEFAULT_RESERVED_BYTES = 24_576;

export type PrepareOptions = {
  pdf: Uint8Array;
  reason?: string;
  location?: string;
  name?: string;
  contactInfo?: string;
  signingTime?: Date;
  visible?: VisibleSignature;
  reservedBytes?: number;
  digest?: DigestName;
  /**
   * For signers that sign only a hash of attributes we build (remote signing services): with
   * the certificate and algorithm given, the signed attributes are built here and handed out.
   */
  certificate?: Uint8Array;
  algorithm?: SignatureAlgorithm;
};

/** Everything needed to finish later, in plain bytes and numbers (safe to store between requests). */
export type PreparedPdfSignature = {
  pdf: Uint8Array;
  byteRange: ByteRange;
  contents: { start: number; length: number };
  digest: DigestName;
  /** Digest of the bytes the ByteRange covers: what an external CMS signer signs. */
  contentDigest: Uint8Array;
  /** DER signed attributes to sign, when `certificate` and `algorithm` were given. */
  signedAttributes?: Uint8Array;
  certificate?: Uint8Array;
  algorithm?: SignatureAlgorithm;
};

/**
 * First half of external signing: adds the signature field as an incremental update and
 * returns the prepared bytes, the byte range and the digest (or signed attributes) to sign.
 */
export async function preparePdfSignature(options: PrepareOptions): Promise<PreparedPdfSignature> {
  const pdf = await PDF.load(options.pdf);
  const blocker = pdf.canSaveIncrementally();
  if (blocker)
    throw new Error(
      `Không thể cập nhật tăng dần (${blocker}) / the document cannot be updated incrementally`,
    );
  addSignatureField(pdf, {
    reason: options.reason,
    location: options.location,
    name: options.name,
    contactInfo: options.contactInfo,
    signingTime: options.signingTime ?? new Date(),
    visible: options.visible,
    reservedBytes: options.reservedBytes ?? DEFAULT_RESERVED_BYTES,
  });
  const bytes = await pdf.save({ incremental: true, subsetFonts: true });
  const holes = patchByteRange(bytes);
  const digest =
    options.digest ?? (options.algorithm ? signerAlgorithm(options.algorithm).digest : "sha256");
  const contentDigest = digestByteRange(bytes, holes.byteRange, digest);
  const prepared: PreparedPdfSignature = {
    pdf: bytes,
    byteRange: holes.byteRange,
    contents: holes.contents,
    digest,
    contentDigest,
  };
  if (options.certificate && options.algorithm)
    return {
      ...prepared,
      certificate: options.certificate,
      algorithm: options.algorithm,
      signedAttributes: buildSignedAttributes({
        contentDigest,
        digest,
        certificate: options.certificate,
      }).der,
    };
  return prepared;
}

/**
 * Second half: writes the CMS into the reserved space. Refuses a CMS whose message digest is
 * not this document's, so a signature returned for another file is never embedded.
 */
export function embedPdfSignature(options: {
  prepared: PreparedPdfSignature;
  cms: Uint8Array;
}): Uint8Array {
  const { prepared } = options;
  const messageDigest = signedMessageDigest(options.cms);
  if (!messageDigest || !Buffer.from(messageDigest).equals(Buffer.from(prepared.contentDigest)))
    throw new Error(
      "Chữ ký không dành cho tài liệu này / the CMS does not sign this prepared document",
    );
  const pdf = new Uint8Array(prepared.pdf);
  fillContents(pdf, prepared.contents, options.cms);
  return pdf;
}

/**
 * Second half for signers that return only a raw signature value over `signedAttributes`:
 * the CMS is assembled here from the attributes we handed out.
 */
export function embedRawPdfSignature(options: {
  prepared: PreparedPdfSignature;
  signatureValue: Uint8Array;
  chain: readonly Uint8Array[];
  timestampToken?: Uint8Array;
}): Uint8Array {
  const { prepared } = options;
  if (!prepared.signedAttributes || !prepared.certificate || !prepared.algorithm)
    throw new Error(
      "Tài liệu chưa được chuẩn bị với chứng thư / the document was prepared without a certificate",
    );
  const cms = assembleSignedData({
    signedAttributes: prepared.signedAttributes,
    signatureValue: options.signatureValue,
    certificate: prepared.certificate,
    chain: options.chain,
    algorithm: prepared.algorithm,
    timestampToken: options.timestampToken,
  });
  return embedPdfSignature({ prepared, cms });
}
