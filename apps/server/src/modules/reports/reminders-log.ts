import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import { getOrganization } from "../directory/index.ts";
import { selectActiveStaff } from "../identity/index.ts";
import { findRegimePeriod } from "./regime-periods.ts";
import { selectRegime } from "./repo.ts";
import { selectRegimeReminders, selectUserReminders, type ReminderRow } from "./reminders-repo.ts";
import type { ReportReminder } from "./reminders-schema.ts";
import { mayReview } from "./report-access.ts";

const unknownName = { vi: "(không rõ)", en: "(unknown)" };

async function present(db: Db, rows: ReminderRow[]): Promise<ReportReminder[]> {
  const organizations = new Map<string, { id: string; code: string; name: string }>();
  for (const id of new Set(rows.map((r) => r.organization_id))) {
    const found = await getOrganization({ db, id });
    organizations.set(id, { id, code: found?.code ?? "", name: found?.name ?? unknownName.vi });
  }
  const people = new Map(
    (await selectActiveStaff(db, { ids: [...new Set(rows.map((r) => r.user_id))] })).map((p) => [
      p.id,
      p.display_name,
    ]),
  );
  // Each period's deadline, as the regime has it (a request's own, or by the deadline rule).
  const deadlines = new Map<string, string>();
  for (const row of rows) {
    const key = `${row.regime_id}\n${row.period_id}`;
    if (deadlines.has(key)) continue;
    const regime = await selectRegime(db, row.regime_id);
    const found = regime && (await findRegimePeriod(db, regime, row.period_id));
    deadlines.set(key, found?.deadline ?? "");
  }
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    day: row.day,
    createdAt: new Date(row.created_at).toISOString(),
    regime: { id: row.regime_id, code: row.regime_code, name: row.regime_name },
    periodId: row.period_id,
    deadline: deadlines.get(`${row.regime_id}\n${row.period_id}`)!,
    organization: organizations.get(row.organization_id)!,
    recipient: { id: row.user_id, name: people.get(row.user_id) ?? null },
    sentBy: row.sent_by,
    message: row.message,
    mailQueued: row.mail_queued,
    reportId: row.report_id,
    link: row.report_id ? `/reports/${row.report_id}` : "/reports/mine",
  }));
}

/** The signed-in person's reminders about reports, newest first. */
export async function listMyReminders(options: {
  db: Db;
  actor: Actor | null | undefined;
  limit: number;
}): Promise<ReportReminder[]> {
  const actor = requireActor(options.actor);
  if (actor.kind !== "user") return [];
  const rows = await selectUserReminders(options.db, {
    userId: actor.userId,
    limit: options.limit,
  });
  return present(options.db, rows);
}

/** Who was reminded of a regime's reports (of one period, if given), for its reviewers. */
export async function listRegimeReminders(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
  periodId?: string | undefined;
  limit: number;
}): Promise<ReportReminder[]> {
  const actor = requireActor(options.actor);
  const regime = await selectRegime(options.db, options.regimeId);
  if (!regime) throw new AppError("not_found");
  if (!(await mayReview(options.db, actor, regime)))
    throw new AppError("forbidden", {
      detail: {
        vi: "Chỉ cơ quan nhận báo cáo mới xem được nhật ký đôn đốc.",
        en: "Only the receiving organization may read the reminder log.",
      },
    });
  const rows = await selectRegimeReminders(options.db, {
    regimeId: regime.id,
    periodId: options.periodId,
    limit: options.limit,
  });
  return present(options.db, rows);
}
