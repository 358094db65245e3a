import { createCmsSignature, type TimestampSource } from "../cms/create-signed-data.ts";
import { parseSignedData } from "../cms/parse-signed-data.ts";
import type { Signer } from "../signer.ts";
import type { VisibleSignature } from "./appearance.ts";
import { addDocumentSecurityStore, type ValidationMaterial } from "./dss.ts";
import { embedPdfSignature, preparePdfSignature } from "./prepare-signature.ts";

/** PAdES baseline levels (ETSI EN 319 142-1): B-B signed, B-T timestamped, B-LT with validation data. */
export type PadesLevel = "B-B" | "B-T" | "B-LT";

export type SignPdfOptions = {
  pdf: Uint8Array;
  signer: Signer;
  level?: PadesLevel;
  /** Where the signature timestamp comes from; required for B-T and B-LT. */
  timestamp?: TimestampSource;
  /** CRLs and OCSP responses for the signer's chain (and the TSA's), embedded in the DSS at B-LT. */
  revocation?: ValidationMaterial;
  reason?: string;
  location?: string;
  /** Claimed signing time for /M and the visible seal; defaults to now. */
  signingTime?: Date;
  visible?: VisibleSignature;
  reservedBytes?: number;
};

/**
 * Signs a PDF as PAdES (subfilter ETSI.CAdES.detached) in an incremental update, so signatures
 * already in the document stay valid: the leader signs, then the clerk applies the agency seal.
 */
export async function signPdf(options: SignPdfOptions): Promise<Uint8Array> {
  const level = options.level ?? "B-B";
  if (level !== "B-B" && !options.timestamp)
    throw new Error(`Mức ${level} cần dấu thời gian / level ${level} needs a timestamp source`);
  const prepared = await preparePdfSignature({
    pdf: options.pdf,
    reason: options.reason,
    location: options.location,
    signingTime: options.signingTime,
    visible: options.visible,
    reservedBytes: options.reservedBytes,
    algorithm: options.signer.algorithm,
  });
  const cms = await createCmsSignature({
    signer: options.signer,
    contentDigest: prepared.contentDigest,
    timestamp: level === "B-B" ? undefined : options.timestamp,
  });
  const signed = embedPdfSignature({ prepared, cms });
  if (level !== "B-LT") return signed;
  const timestampCertificates = parseSignedData(cms).timestampTokens.flatMap(
    (token) => parseSignedData(token).certificates,
  );
  return addDocumentSecurityStore({
    pdf: signed,
    material: {
      certificates: [
        options.signer.certificate,
        ...options.signer.chain,
        ...timestampCertificates,
        ...(options.revocation?.certificates ?? []),
      ],
      crls: options.revocation?.crls,
      ocsps: options.revocation?.ocsps,
    },
  });
}
