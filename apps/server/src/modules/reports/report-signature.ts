/**
 * A submitted report's signature for its readers: the JWS of any submission as a file, and its
 * check — the signature itself (`signing.ts`), the certificate's path to the platform's CA at the
 * time the platform recorded the signed submission (with the CA's revocation list), the report it names (regime, unit, period,
 * version, submitter), and, for the submission under review or accepted, the values, narrative
 * and attachments stored now against those signed, so a change made behind the platform's back
 * shows.
 */
import { validateCertificate } from "@lienthong/pki";
import { requireActor, type Actor } from "../../core/actor.ts";
import { canonicalJson } from "../../core/canonical-json.ts";
import { AppError } from "../../core/errors.ts";
import type { ModuleContext } from "../../core/module.ts";
import { getOrganization } from "../directory/index.ts";
import { caCertificate, currentCrl } from "../trust/index.ts";
import { attachmentDigests } from "./attachments.ts";
import { readableReport } from "./report-access.ts";
import { selectRegime } from "./repo.ts";
import { selectValues, selectVersions } from "./reports-repo.ts";
import { checkSubmission, type SubmissionCheck } from "./signing.ts";

export type ReportSignatureCheck = {
  version: number;
  /** The signature holds, its certificate chains to the platform's CA, and it signs this report. */
  valid: boolean;
  signer: SubmissionCheck["signer"];
  payloadSha256: string | null;
  /** The signing certificate was valid and not revoked under the platform's CA when it signed. */
  trusted: boolean;
  /** When the platform recorded the signed submission: the time the certificate is judged at. */
  signedAt: string;
  /** Whether the values, narrative and attachments stored now are those signed; null while being corrected. */
  matchesStored: boolean | null;
  /** Every reason it is not valid, in Vietnamese, joined; null when valid. */
  problem: string | null;
};

type Options = { ctx: ModuleContext; actor: Actor | null | undefined; id: string };

/** The report, its regime and unit, and one submission (the latest unless `version` is named). */
async function submissionOf(options: Options & { version?: number | undefined }) {
  const actor = requireActor(options.actor);
  const { db } = options.ctx;
  const report = await readableReport(db, actor, options.id);
  const submissions = (await selectVersions(db, report.id)).filter(
    (v) => v.action === "submitted" && v.signature,
  );
  const latest = submissions.at(-1);
  if (!latest)
    throw new AppError("conflict", {
      detail: { vi: "Báo cáo chưa được gửi lần nào.", en: "The report was never submitted." },
    });
  const submitted =
    options.version === undefined ? latest : submissions.find((v) => v.version === options.version);
  if (!submitted)
    throw new AppError("not_found", {
      detail: {
        vi: `Báo cáo không có lần gửi phiên bản ${options.version}.`,
        en: `The report has no submitted version ${options.version}.`,
      },
    });
  const regime = (await selectRegime(db, report.regime_id))!;
  const organization = await getOrganization({ db, id: report.organization_id });
  return {
    report,
    regime,
    organizationCode: organization?.code ?? "",
    submitted,
    latest: submitted === latest,
  };
}

/** The JWS of one submission, as a file anyone can check with the certificate it carries. */
export async function reportSignatureFile(
  options: Options & { version: number },
): Promise<{ fileName: string; jws: string }> {
  const { report, regime, organizationCode, submitted } = await submissionOf(options);
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, "-");
  return {
    fileName: safe(
      `${regime.code}_${organizationCode}_${report.period_id}_v${submitted.version}.jws`,
    ),
    jws: submitted.signature!,
  };
}

/** Why the signing certificate does not chain to the platform's CA at `at`; null when it does. */
async function untrustedBecause(
  ctx: ModuleContext,
  certificates: Uint8Array[],
  at: Date,
): Promise<string | null> {
  const [root, rootCrl, issuingCrl] = await Promise.all([
    caCertificate(ctx, "root-ca"),
    currentCrl(ctx, "root-ca"),
    currentCrl(ctx, "issuing-ca"),
  ]);
  const result = await validateCertificate({
    certificate: certificates[0]!,
    intermediates: certificates.slice(1),
    trustAnchors: [root],
    at,
    revocation: { offline: { crls: [rootCrl, issuingCrl] } },
  });
  if (result.indication === "PASSED") return null;
  const why = result.messages.map((m) => m.vi).join("; ");
  return `Chứng thư số ký không hợp lệ theo CA của nền tảng tại thời điểm ký (${result.subIndication ?? result.indication}${why ? `: ${why}` : ""})`;
}

/**
 * Checks one submission's signature (the latest unless `version` is named): the JWS, the
 * certificate's path and revocation at the signing time, that it names this report and version,
 * and — for the latest submission of a report submitted or accepted — that the values and
 * narrative and attachments stored now are the ones signed.
 */
export async function checkReportSignature(
  options: Options & { version?: number | undefined },
): Promise<ReportSignatureCheck> {
  const { report, regime, organizationCode, submitted, latest } = await submissionOf(options);
  const check = checkSubmission(submitted.signature!);
  const payload = (check.payload ?? {}) as Record<string, unknown>;
  const problems: string[] = check.problem ? [check.problem] : [];

  // The submission's own `submittedAt` is the unit's submission time, which imported or seeded
  // reports may set in the past; the certificate is judged when the platform signed.
  const signedAt = submitted.at;
  let trusted = false;
  if (check.valid) {
    const why = await untrustedBecause(options.ctx, check.certificates, signedAt);
    trusted = why === null;
    if (why) problems.push(why);

    // The regime and unit by id, named by code: a unit's code may have changed since (renumbered
    // in a merger). Submissions signed before ids were in the payload are held to the codes.
    const named = (idKey: string, codeKey: string, id: string, code: string) =>
      idKey in payload
        ? { signed: payload[idKey], expected: id, shown: payload[codeKey], shownExpected: code }
        : { signed: payload[codeKey], expected: code };
    const expected: [
      string,
      { signed: unknown; expected: unknown; shown?: unknown; shownExpected?: unknown },
    ][] = [
      ["loại nội dung", { signed: payload.type, expected: "lienthong.report.submission" }],
      ["chế độ báo cáo", named("regimeId", "regime", report.regime_id, regime.code)],
      [
        "đơn vị báo cáo",
        named("organizationId", "organization", report.organization_id, organizationCode),
      ],
      ["kỳ báo cáo", { signed: payload.period, expected: report.period_id }],
      ["phiên bản mẫu", { signed: payload.templateVersion, expected: report.template_version }],
      ["phiên bản báo cáo", { signed: payload.version, expected: submitted.version }],
      ["người gửi", { signed: payload.submittedBy, expected: submitted.actor }],
    ];
    for (const [label, field] of expected)
      if (field.signed !== field.expected) {
        const signed = "shown" in field ? field.shown : field.signed;
        const wanted = "shownExpected" in field ? field.shownExpected : field.expected;
        problems.push(
          `Nội dung đã ký ghi ${label} "${String(signed)}", không phải "${String(wanted)}"`,
        );
      }
  }

  let matchesStored: boolean | null = null;
  if (check.valid && latest && (report.status === "submitted" || report.status === "accepted")) {
    const stored = (await selectValues(options.ctx.db, report.id)).map((v) => [
      v.indicator,
      v.combination,
      v.value,
    ]);
    const attachments = await attachmentDigests(options.ctx.db, report.id);
    const differ = [
      [payload.values ?? null, stored, "Số liệu hiện lưu khác số liệu đã ký"],
      [
        payload.narrative ?? null,
        report.narrative,
        "Nội dung đề cương hiện lưu khác nội dung đã ký",
      ],
      // Submissions signed before attachments existed carry no list: none.
      [payload.attachments ?? [], attachments, "Tệp đính kèm hiện có khác danh sách tệp đã ký"],
    ].filter(([signed, now]) => canonicalJson(signed) !== canonicalJson(now));
    matchesStored = differ.length === 0;
    for (const [, , problem] of differ) problems.push(problem as string);
  }

  return {
    version: submitted.version,
    valid: problems.length === 0,
    signer: check.signer,
    payloadSha256: check.payloadSha256,
    trusted,
    signedAt: signedAt.toISOString(),
    matchesStored,
    problem: problems.length > 0 ? problems.join("; ") : null,
  };
}
