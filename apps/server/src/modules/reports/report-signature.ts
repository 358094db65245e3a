/**
 * Checking a submitted report's signature for its readers: the JWS of its latest submission
 * (`signing.ts`), and the values stored now against the values signed, so a change made behind
 * the platform's back shows.
 */
import { requireActor, type Actor } from "../../core/actor.ts";
import { AppError } from "../../core/errors.ts";
import type { ModuleContext } from "../../core/module.ts";
import { requireReader } from "./report-access.ts";
import { selectReport, selectValues, selectVersions } from "./reports-repo.ts";
import { checkSubmission, type SubmissionCheck } from "./signing.ts";

/**
 * Checks the latest submission's signature, and that the values stored now are the ones signed
 * (they are, unless someone changed the database behind the platform).
 */
export async function checkReportSignature(options: {
  ctx: ModuleContext;
  actor: Actor | null | undefined;
  id: string;
}): Promise<SubmissionCheck & { version: number }> {
  const actor = requireActor(options.actor);
  const { db } = options.ctx;
  const report = await selectReport(db, options.id);
  if (!report) throw new AppError("not_found");
  await requireReader(db, actor, report);
  const submitted = (await selectVersions(db, report.id))
    .filter((v) => v.action === "submitted" && v.signature)
    .at(-1);
  if (!submitted)
    throw new AppError("conflict", {
      detail: { vi: "Báo cáo chưa được gửi lần nào.", en: "The report was never submitted." },
    });
  const check = checkSubmission(submitted.signature!);
  const signed = (check.payload as { values?: unknown } | null)?.values;
  const stored = (await selectValues(db, report.id)).map((v) => [
    v.indicator,
    v.combination,
    v.value,
  ]);
  if (check.valid && JSON.stringify(signed) !== JSON.stringify(stored))
    return {
      ...check,
      valid: false,
      problem: "Số liệu hiện lưu khác số liệu đã ký",
      version: submitted.version,
    };
  return { ...check, version: submitted.version };
}
