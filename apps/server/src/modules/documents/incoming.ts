import { PassThrough } from "node:stream";
import { once } from "node:events";
import {
  EDXML_ERROR_CODES,
  EdxmlError,
  parseEdxml,
  type AttachmentSink,
  type ParsedPackage,
} from "@lienthong/edxml";
import { actorLabel, hasRole, type Actor } from "../../core/actor.ts";
import { blobStoreFor, type BlobRef, type BlobStore } from "../../core/blobs.ts";
import { AppError, isAppError, type Bilingual, type FieldError } from "../../core/errors.ts";
import type { ModuleContext } from "../../core/module.ts";
import { newId } from "../../core/ids.ts";
import { checkPackageSignature, incomingValidator } from "./incoming-checks.ts";
import { insertReceipt } from "./incoming-repo.ts";
import { receiveDocument } from "./incoming-edoc.ts";
import { receiveStatusReport } from "./incoming-report.ts";

/**
 * The largest package accepted, attachments included (base64). The package's XML signature covers
 * the whole package and is verified on the package held in memory, so this bounds memory as well.
 */
export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

export type ReceiveVia = "local" | "lgsp" | "upload";

export type ReceivedDocument = { id: string; organizationId: string; status: string };

export type ReceiveOutcome =
  | {
      kind: "edoc";
      outcome: "arrived" | "rejected" | "duplicate";
      receiptId: string;
      edxmlDocumentId: string;
      reason: Bilingual | null;
      warnings: Bilingual[];
      documents: ReceivedDocument[];
    }
  | {
      kind: "status";
      outcome: "status_recorded" | "duplicate";
      receiptId: string;
      edxmlDocumentId: string;
      documentId: string;
      recipientId: string;
      statusCode: string;
    };

/** What the package handlers share: where it came from, who brought it, what it was. */
export type Arrival = {
  ctx: ModuleContext;
  blobs: BlobStore;
  actor: Actor;
  via: ReceiveVia;
  pkg: BlobRef;
  /** Attachments' blobs, in the package's order. */
  files: BlobRef[];
  /** Refuses the package: records the receipt, then throws `unprocessable` with the reason. */
  refuse(reason: Bilingual, facts?: RefusalFacts): Promise<never>;
};

export type RefusalFacts = {
  kind?: "edoc" | "status";
  from?: string;
  documentId?: string;
  /** Each problem of a package that breaks the standard. */
  errors?: FieldError[];
};

const PLATFORM: Actor = { kind: "system", name: "documents.inbox" };

/**
 * Streams each attachment's decoded bytes into the blob store as the parser reads them, so a large
 * attachment is never whole in memory; a write waits for the store (back-pressure).
 */
function blobSink(blobs: BlobStore, stored: Promise<BlobRef>[]): AttachmentSink {
  return (start) => {
    const pipe = new PassThrough();
    const put = blobs.put(pipe, { maxBytes: MAX_PACKAGE_BYTES });
    put.catch((error: unknown) => pipe.destroy(error as Error));
    stored[start.index] = put;
    return {
      async write(chunk) {
        if (!pipe.write(chunk)) await Promise.race([once(pipe, "drain"), put]);
      },
      async end() {
        pipe.end();
        await put;
      },
    };
  };
}

/** Why a package could not be read at all, in both languages, with the parser's detail. */
function unreadable(error: EdxmlError): Bilingual {
  const title = EDXML_ERROR_CODES[error.code];
  const [vi, en] = title.split(" / ");
  const detail = error.message.slice(title.length).replace(/^: /, "");
  const why = detail ? ` (${detail})` : "";
  return {
    vi: `Gói tin không đọc được: ${vi}${why}.`,
    en: `The package cannot be read: ${en}${why}.`,
  };
}

/**
 * Receives an edXML package — a document (edoc) for organizations on this platform, or a status
 * message about one of our outgoing documents — from the LGSP, another organization on this
 * platform, or a clerk's upload. The package is stored first (size limit) and parsed from the
 * store with attachments streamed into it; then `incoming-edoc.ts` or `incoming-report.ts` decides.
 * A package that cannot be taken in at all is refused (problem details) and its receipt kept.
 *
 * `actor` null is the platform itself (the LGSP delivery); a person uploading must be a clerk or
 * an organization administrator, and brings documents for their own organization only. A package
 * a federation peer brings (`peer`) must come from an agency that peer serves.
 */
export async function receivePackage(
  ctx: ModuleContext & { blobs?: BlobStore },
  options: {
    source: Uint8Array | AsyncIterable<Uint8Array>;
    via: ReceiveVia;
    actor: Actor | null;
    /** The federation peer that brought the package: it may bring only its own agencies' packages. */
    peer?: { name: string; orgCodes: readonly string[] };
  },
): Promise<ReceiveOutcome> {
  const actor = options.actor ?? PLATFORM;
  if (!hasRole(actor, "clerk", "org_admin"))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ văn thư hoặc quản trị của cơ quan được tiếp nhận văn bản đến.",
        en: "Only clerks or the organization's administrators receive documents.",
      },
    });
  const blobs = ctx.blobs ?? blobStoreFor(ctx.config);
  const pkg = await blobs.put(options.source, { maxBytes: MAX_PACKAGE_BYTES });

  const keepReceipt = (reason: Bilingual, facts: RefusalFacts) =>
    insertReceipt(ctx.db, {
      id: newId(),
      package_sha256: pkg.sha256,
      package_size: pkg.size,
      via: options.via,
      kind: facts.kind ?? null,
      from_code: facts.from ?? null,
      edxml_document_id: facts.documentId ?? null,
      outcome: "refused",
      reason: reason.vi,
      document_ids: [],
      received_by: actor.kind === "user" ? actor.userId : null,
      received_by_label: actorLabel(actor),
    });
  const refuse: Arrival["refuse"] = async (reason, facts = {}) => {
    await keepReceipt(reason, facts);
    throw new AppError("unprocessable", {
      detail: reason,
      ...(facts.errors ? { errors: facts.errors } : {}),
    });
  };

  const stored: Promise<BlobRef>[] = [];
  let parsed: ParsedPackage;
  try {
    parsed = await parseEdxml({ input: blobs.open(pkg.sha256), sink: blobSink(blobs, stored) });
  } catch (error) {
    await Promise.allSettled(stored);
    if (!(error instanceof EdxmlError)) throw error;
    if (isAppError(error.cause)) throw error.cause;
    const reason = unreadable(error);
    await keepReceipt(reason, {});
    throw new AppError("validation_failed", { detail: reason });
  }
  const files = await Promise.all(stored);
  if (parsed.issues.length > 0) {
    const [first] = parsed.issues;
    await refuse(
      {
        vi: `Gói tin không đúng chuẩn edXML (${parsed.issues.length} lỗi), ví dụ ${first!.path}: ${first!.message}.`,
        en: `The package breaks the edXML standard (${parsed.issues.length} problems), e.g. ${first!.path}: ${first!.message}.`,
      },
      {
        kind: parsed.kind,
        errors: parsed.issues.map((i) => ({ path: i.path, message: i.message })),
      },
    );
  }

  const from = parsed.kind === "edoc" ? parsed.edoc.from.organId : parsed.status.from.organId;
  if (options.peer && !options.peer.orgCodes.includes(from))
    await refuse(
      {
        vi: `Nền tảng liên kết ${options.peer.name} không phục vụ cơ quan gửi ${from} ghi trong gói tin.`,
        en: `The federation peer ${options.peer.name} does not serve the package's sender ${from}.`,
      },
      {
        kind: parsed.kind,
        from,
        documentId:
          parsed.kind === "edoc" ? parsed.edoc.documentId : parsed.status.responseFor.documentId,
      },
    );

  const { anchors, validator, revocation } = await incomingValidator(ctx);
  const xml = (await blobs.read(pkg.sha256)).toString("utf8");
  const packageCheck = await checkPackageSignature(xml, anchors, revocation);
  const arrival: Arrival = { ctx, blobs, actor, via: options.via, pkg, files, refuse };
  if (parsed.kind === "status") return receiveStatusReport(arrival, parsed.status, packageCheck);
  return receiveDocument(arrival, {
    edoc: parsed.edoc,
    attachments: parsed.attachments,
    packageCheck,
    validator,
  });
}
