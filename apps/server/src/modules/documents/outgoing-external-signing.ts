import { createHash } from "node:crypto";
import {
  embedRawPdfSignature,
  parseCertificate,
  preparePdfSignature,
  type SignatureAlgorithm,
} from "@lienthong/pki";
import type { Actor } from "../../core/actor.ts";
import { requireActor } from "../../core/actor.ts";
import { blobStoreFor } from "../../core/blobs.ts";
import { AppError } from "../../core/errors.ts";
import type { RequestMeta } from "../../core/http/request-meta.ts";
import { newId } from "../../core/ids.ts";
import type { ModuleContext } from "../../core/module.ts";
import { platformTimestamps } from "./agency-signing.ts";
import { incomingValidator } from "./incoming-checks.ts";
import {
  documentInReview,
  documentToSign,
  recordLeaderSignature,
  type DocumentToSign,
} from "./outgoing.ts";
import {
  completeSigningSession,
  insertSigningSession,
  selectSigningSession,
  type PreparedLayout,
} from "./signing-sessions-repo.ts";

/** How long the signer's device has to sign what was prepared. */
export const SIGNING_SESSION_MS = 10 * 60_000;

type SignerDetails = { name?: string; position?: string; competence?: string };

/** The signature algorithm a certificate's key signs with: RSA or ECDSA P-256/P-384, SHA-2. */
function algorithmFor(certificate: ReturnType<typeof parseCertificate>): SignatureAlgorithm {
  const key = certificate.publicKey;
  if (key.algorithm === "RSA") return "RSA-SHA256";
  if (key.algorithm === "EC" && key.curve === "P-256") return "ECDSA-SHA256";
  if (key.algorithm === "EC" && key.curve === "P-384") return "ECDSA-SHA384";
  throw new AppError("unprocessable", {
    detail: {
      vi: `Khóa của chứng thư (${key.algorithm}${key.curve ? ` ${key.curve}` : ""}) chưa được hỗ trợ; cần RSA hoặc ECDSA P-256/P-384.`,
      en: `The certificate's key (${key.algorithm}${key.curve ? ` ${key.curve}` : ""}) is not supported; RSA or ECDSA P-256/P-384 is needed.`,
    },
  });
}

function readCertificate(der: Uint8Array, now: Date) {
  let certificate;
  try {
    certificate = parseCertificate(der);
  } catch {
    throw new AppError("validation_failed", {
      errors: [{ path: "body.certificate", message: "not a DER X.509 certificate" }],
      detail: {
        vi: "Chứng thư số không đọc được (cần chứng thư X.509 dạng DER, mã hóa base64).",
        en: "The certificate cannot be read (a DER X.509 certificate in base64 is needed).",
      },
    });
  }
  if (certificate.notBefore > now || certificate.notAfter < now)
    throw new AppError("unprocessable", {
      detail: {
        vi: `Chứng thư số không còn hiệu lực (từ ${certificate.notBefore.toISOString()} đến ${certificate.notAfter.toISOString()}).`,
        en: `The certificate is not valid now (from ${certificate.notBefore.toISOString()} to ${certificate.notAfter.toISOString()}).`,
      },
    });
  return certificate;
}

/**
 * First half of signing with the leader's own device (USB token, remote signing service): the
 * signature field (visible when the handwritten image is given) is added as an incremental update
 * of the draft, and the signed attributes — which bind the certificate and the document's digest —
 * are handed out for the device to sign. The prepared file is kept for ten minutes.
 */
export async function prepareExternalSignature(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    certificate: Uint8Array;
    signer?: SignerDetails | undefined;
    signatureImage?: Uint8Array | undefined;
    placement?: { page?: number; rect?: DocumentToSign["rect"] } | undefined;
    now?: Date;
  },
) {
  const actor = requireActor(options.actor);
  const now = options.now ?? new Date();
  const review = await documentToSign(ctx, actor, options);
  const certificate = readCertificate(options.certificate, now);
  const algorithm = algorithmFor(certificate);
  const prepared = await preparePdfSignature({
    pdf: review.pdf,
    reason: `Phê duyệt, ký ban hành: ${review.signerName}`,
    signingTime: now,
    certificate: options.certificate,
    algorithm,
    ...(review.visible && { visible: review.visible }),
  });
  const blob = await blobStoreFor(ctx.config).put(prepared.pdf);
  const id = newId();
  const expiresAt = new Date(now.getTime() + SIGNING_SESSION_MS);
  const layout: PreparedLayout = {
    byteRange: prepared.byteRange,
    contents: prepared.contents,
    digest: prepared.digest,
    signedAttributes: Buffer.from(prepared.signedAttributes!).toString("base64"),
    contentDigest: Buffer.from(prepared.contentDigest).toString("base64"),
    page: review.page,
    rect: review.rect,
  };
  await insertSigningSession(ctx.db, {
    id,
    document_id: review.probe.id,
    document_version: review.probe.version,
    draft_file_id: review.draft.id,
    prepared_sha256: blob.sha256,
    layout,
    certificate: Buffer.from(options.certificate).toString("base64"),
    algorithm,
    signer: { ...options.signer, ...(review.signerName && { name: review.signerName }) },
    created_by: actor.kind === "user" ? actor.userId : "system",
    expires_at: expiresAt,
  });
  return {
    sessionId: id,
    algorithm,
    digest: prepared.digest,
    signedAttributes: layout.signedAttributes,
    toBeSignedDigest: createHash(prepared.digest)
      .update(prepared.signedAttributes!)
      .digest("base64"),
    expiresAt: expiresAt.toISOString(),
  };
}

/**
 * Second half: the device's raw signature over the signed attributes is put in a CMS with the
 * certificate chain and a timestamp from the platform's TSA (PAdES B-T), written into the prepared
 * file, and the result is validated like a received document's (integrity, chain to a trust
 * anchor, revocation, timestamp) before it becomes the document's signed file. A signature that
 * does not pass changes nothing.
 */
export async function completeExternalSignature(
  ctx: ModuleContext,
  options: {
    actor: Actor | null;
    documentId: string;
    sessionId: string;
    signatureValue: Uint8Array;
    chain?: Uint8Array[] | undefined;
    note?: string | undefined;
    requestMeta?: RequestMeta | undefined;
    now?: Date;
  },
) {
  const actor = requireActor(options.actor);
  const now = options.now ?? new Date();
  const session = await selectSigningSession(ctx.db, options.documentId, options.sessionId);
  const mine = actor.kind === "user" && session?.created_by === actor.userId;
  if (!session || !mine) throw new AppError("not_found");
  if (session.completed_at || session.expires_at < now)
    throw new AppError("unprocessable", {
      detail: {
        vi: "Phiên ký đã dùng hoặc đã hết hạn; hãy chuẩn bị ký lại.",
        en: "The signing session was used or has expired; prepare the signature again.",
      },
    });
  const signer = session.signer;
  // Only the state is checked here: the draft's bytes are in the prepared file already.
  const review = await documentInReview(ctx, actor, { documentId: options.documentId, signer });
  if (
    review.draft.id !== session.draft_file_id ||
    review.probe.version !== session.document_version
  )
    throw new AppError("conflict", {
      detail: {
        vi: "Văn bản đã thay đổi sau khi chuẩn bị ký; hãy chuẩn bị ký lại.",
        en: "The document changed after the signature was prepared; prepare it again.",
      },
    });
  const { layout } = session;
  const digest = layout.digest;
  const timestampToken = await platformTimestamps(ctx)({
    imprint: new Uint8Array(createHash(digest).update(options.signatureValue).digest()),
    digest,
  });
  const signed = embedRawPdfSignature({
    prepared: {
      pdf: new Uint8Array(await blobStoreFor(ctx.config).read(session.prepared_sha256)),
      byteRange: layout.byteRange,
      contents: layout.contents,
      digest,
      contentDigest: new Uint8Array(Buffer.from(layout.contentDigest, "base64")),
      signedAttributes: new Uint8Array(Buffer.from(layout.signedAttributes, "base64")),
      certificate: new Uint8Array(Buffer.from(session.certificate, "base64")),
      algorithm: session.algorithm as SignatureAlgorithm,
    },
    signatureValue: options.signatureValue,
    chain: options.chain ?? [],
    timestampToken,
  });
  const { validator } = await incomingValidator(ctx);
  const report = await validator.validate({ pdf: signed });
  const ours = report.signatures.at(-1);
  if (!ours || ours.indication !== "TOTAL_PASSED")
    throw new AppError("unprocessable", {
      extra: { indication: ours?.indication ?? null, subIndication: ours?.subIndication ?? null },
      detail: {
        vi: `Chữ ký số không hợp lệ (${ours?.subIndication ?? ours?.indication ?? "không đọc được"}); văn bản chưa được ký.`,
        en: `The signature is not valid (${ours?.subIndication ?? ours?.indication ?? "unreadable"}); the document is not signed.`,
      },
    });
  if (!(await completeSigningSession(ctx.db, session.id)))
    throw new AppError("conflict", {
      detail: { vi: "Phiên ký vừa được dùng.", en: "The signing session was just used." },
    });
  return recordLeaderSignature(
    ctx,
    actor,
    { ...review, page: layout.page, rect: layout.rect },
    signed,
    {
      documentId: options.documentId,
      signer,
      note: options.note,
      requestMeta: options.requestMeta,
      details: { external: true },
    },
  );
}
