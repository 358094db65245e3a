/**
 * Test factories for receiving: real packages signed with the platform's demo PKI — a PDF signed
 * by the leader and sealed by the agency (PAdES B-T, timestamped by the platform's TSA), carried
 * in an edXML package sealed with XML-DSig. Tests tamper with them to see them refused.
 */
import {
  buildEdoc,
  buildStatus,
  formatEdxmlDate,
  type Edoc,
  type StatusCode,
} from "@lienthong/edxml";
import { signPdf } from "@lienthong/pki";
import { makeTestPdf } from "../../../../../packages/pki/src/pdf/test-documents.ts";
import type { ModuleContext } from "../../core/module.ts";
import {
  agencySealSigner,
  demoLeaderSigner,
  platformTimestamps,
  sealPackage,
} from "./agency-signing.ts";

const signedPdfs = new WeakMap<object, Promise<Uint8Array>>();

/** A two-page PDF signed by the demo leader, then sealed by the demo agency; made once per database. */
export function signedTestPdf(ctx: ModuleContext): Promise<Uint8Array> {
  let pdf = signedPdfs.get(ctx.db);
  if (!pdf) {
    pdf = (async () => {
      const timestamp = platformTimestamps(ctx);
      const byLeader = await signPdf({
        pdf: await makeTestPdf({ pages: 2 }),
        signer: await demoLeaderSigner(ctx),
        level: "B-T",
        timestamp,
        reason: "Ký ban hành",
      });
      return signPdf({
        pdf: byLeader,
        signer: await agencySealSigner(ctx),
        level: "B-T",
        timestamp,
      });
    })();
    signedPdfs.set(ctx.db, pdf);
  }
  return pdf;
}

/** The same PDF with one byte of its signed content changed: the first page one point taller. */
export function tamperPdf(pdf: Uint8Array): Uint8Array {
  const at = Buffer.from(pdf).toString("latin1").indexOf("/MediaBox [ 0 0 595 842 ]");
  if (at < 0) throw new Error("no page size to tamper with");
  const copy = new Uint8Array(pdf);
  copy[at + "/MediaBox [ 0 0 595 84".length] = "3".charCodeAt(0);
  return copy;
}

export type TestAgency = { code: string; name: string };

let counter = 0;

/** An edoc header from `from` to `to`; a fresh number each call, so each is a new DocumentId. */
export function buildTestEdoc(
  from: TestAgency,
  to: TestAgency[],
  overrides: Partial<Edoc> = {},
): Edoc {
  counter += 1;
  const number = String(100 + counter);
  const notation = "UBND-VP";
  const date = "2026-11-20";
  return {
    from: { organId: from.code, organName: from.name },
    to: to.map((t) => ({ organId: t.code, organName: t.name })),
    documentId: `${from.code},${formatEdxmlDate(date)},${number}/${notation}`,
    code: { codeNumber: number, codeNotation: notation },
    promulgationInfo: { place: "Hà Nội", promulgationDate: date },
    documentType: { type: "1", typeDetail: "18", typeName: "Công văn" },
    subject: `V/v triển khai chuyển đổi số năm 2027 (số ${number})`,
    content: "Đề nghị các cơ quan phối hợp thực hiện.",
    signerInfo: { competence: "KT. CHỦ TỊCH", position: "Phó Chủ tịch", fullName: "Nguyễn Văn An" },
    dueDate: "2026-12-15",
    toPlaces: to.map((t) => t.name),
    otherInfo: { priority: 1, pageAmount: 2 },
    responseFor: [],
    steeringType: 1,
    traceHeaders: [{ organId: from.code, timestamp: new Date("2026-11-20T02:00:00Z") }],
    ...overrides,
  };
}

/** A document package with `pdf` attached, sealed with the platform's agency seal. */
export async function sealedEdocPackage(
  ctx: ModuleContext,
  edoc: Edoc,
  pdf: Uint8Array,
): Promise<string> {
  const xml = await buildEdoc({
    edoc,
    attachments: [
      {
        contentId: "cid:van-ban.pdf",
        attachmentName: `${edoc.code.codeNumber}-${edoc.code.codeNotation}.pdf`,
        description: "Văn bản chính",
        contentType: "application/pdf",
        content: pdf,
      },
    ],
  }).text();
  return sealPackage(ctx, xml);
}

/** A status message from a recipient about one of our documents, sealed. */
export async function sealedStatusPackage(
  ctx: ModuleContext,
  options: {
    from: TestAgency;
    to: TestAgency;
    documentId: string;
    symbol: string;
    code: StatusCode;
    at: Date;
    description?: string;
  },
): Promise<string> {
  const xml = buildStatus({
    status: {
      from: { organId: options.from.code, organName: options.from.name },
      responseFor: {
        organId: options.to.code,
        code: options.symbol,
        documentId: options.documentId,
      },
      staffInfo: { department: "Văn thư", staff: "Trần Thị Bình" },
      statusCode: options.code,
      ...(options.description ? { description: options.description } : {}),
      timestamp: options.at,
      traceHeaders: [],
    },
  });
  return sealPackage(ctx, xml);
}
