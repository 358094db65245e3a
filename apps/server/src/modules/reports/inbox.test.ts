import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestPlatform } from "../../core/testing/platform.ts";
import type { Platform } from "../../platform.ts";
import type { Organization } from "../directory/index.ts";
import { createTestOrganization, systemActor } from "../directory/testing.ts";
import { createTestUser } from "../identity/testing.ts";
import type { Inbox, InboxItem } from "./inbox-schema.ts";
import { createRegime, setRegimeStatus } from "./regimes.ts";
import { openReport } from "./report-open.ts";
import { reviewReport } from "./review.ts";
import { saveReport, submitReport } from "./submissions.ts";
import { publishTemplate, saveDraftTemplate } from "./templates.ts";

type Headers = { authorization: string };

describe("reports: the review inbox of the receiving organization", () => {
  let platform: Platform;
  let reviewer: Headers;
  let otherReviewer: Headers;
  let provinceOfficer: Headers;
  let regimeId: string;
  let otherRegimeId: string;
  /** Report ids by unit letter and quarter, e.g. `A1` = unit A's 2026Q1. */
  const ids: Record<string, string> = {};

  const get = (url: string, headers?: Headers) =>
    platform.app.inject({
      method: "GET",
      url: `/api/v1/reports${url}`,
      ...(headers && { headers }),
    });
  const inbox = async (query: string, headers = reviewer): Promise<Inbox> => {
    const r = await get(`/inbox${query}`, headers);
    assert.equal(r.statusCode, 200, r.body);
    return r.json<Inbox>();
  };
  const names = (items: InboxItem[]) =>
    items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id)).sort();
  const activity = (i: InboxItem) => Date.parse(i.reviewedAt ?? i.submittedAt);

  /** A regime of quarterly reports from `units` to `receiver`, in force, with one indicator. */
  const makeRegime = async (code: string, receiver: Organization, units: Organization[]) => {
    const db = platform.ctx.db;
    const regime = await createRegime({
      db,
      actor: systemActor,
      input: {
        code,
        name: `Báo cáo ${code}`,
        legalBasis: "Thông tư 18/2025/TT-BNV",
        kind: "periodic",
        frequency: "quarterly",
        windowRule: "decree09",
        deadlineRule: { kind: "day_of_month", day: 20, monthsAfterEnd: 0 },
        reportingRule: { kind: "organizations", organizationIds: units.map((u) => u.id) },
        receivingOrganizationId: receiver.id,
        effectiveFrom: "2026-01-01",
      },
    });
    await saveDraftTemplate({
      db,
      actor: systemActor,
      regimeId: regime.id,
      definition: {
        sections: [],
        categories: [],
        forms: [
          {
            code: "B1",
            title: "Công chức",
            indicators: [{ code: "CC", name: "Công chức", type: "integer", required: true }],
          },
        ],
        rules: [],
      },
    });
    await publishTemplate({ db, actor: systemActor, regimeId: regime.id });
    await setRegimeStatus({ db, actor: systemActor, id: regime.id, status: "active" });
    return regime.id;
  };

  /** A unit's report of a quarter, submitted on its deadline's morning or (late) now. */
  const submitted = async (regime: string, unit: Organization, periodId: string, late: boolean) => {
    const { ctx } = platform;
    const report = await openReport({
      db: ctx.db,
      actor: systemActor,
      regimeId: regime,
      organizationId: unit.id,
      periodId,
    });
    await saveReport({
      db: ctx.db,
      actor: systemActor,
      id: report.id,
      values: [{ indicator: "CC", value: 10 }],
    });
    const now = late ? new Date() : new Date(`${report.deadline}T03:00:00Z`);
    await submitReport({ ctx, actor: systemActor, id: report.id, now });
    return report.id;
  };
  const decide = (id: string, decision: "accept" | "return") =>
    reviewReport({
      db: platform.ctx.db,
      actor: systemActor,
      id,
      decision,
      ...(decision === "return" && { note: "Thiếu số liệu" }),
    });

  before(async () => {
    platform = await createTestPlatform();
    const db = platform.ctx.db;
    const ministry = await createTestOrganization(db, { kind: "ministry", shortName: "BNV" });
    const otherMinistry = await createTestOrganization(db, { kind: "ministry", shortName: "BTP" });
    const a = await createTestOrganization(db, { name: "Sở Nội vụ A" });
    const b = await createTestOrganization(db, { name: "Sở Nội vụ B" });
    const c = await createTestOrganization(db, { name: "Sở Nội vụ C" });
    const user = async (organizationId: string, role: "leader" | "reporting_officer") =>
      (await createTestUser(platform, { organizationId, roles: [role] })).bearer;
    reviewer = await user(ministry.id, "leader");
    otherReviewer = await user(otherMinistry.id, "reporting_officer");
    provinceOfficer = await user(a.id, "reporting_officer");
    regimeId = await makeRegime("BC-HOP-THU", ministry, [a, b, c]);
    otherRegimeId = await makeRegime("BC-KHAC", otherMinistry, [a]);

    ids.A1 = await submitted(regimeId, a, "2026Q1", false);
    await decide(ids.A1, "accept");
    ids.A2 = await submitted(regimeId, a, "2026Q2", true);
    await decide(ids.A2, "return");
    ids.B1 = await submitted(regimeId, b, "2026Q1", false);
    ids.B2 = await submitted(regimeId, b, "2026Q2", true);
    // Returned, then corrected and sent again: waiting once more, as its second version.
    ids.A3 = await submitted(regimeId, a, "2026Q3", true);
    await decide(ids.A3, "return");
    await submitReport({ ctx: platform.ctx, actor: systemActor, id: ids.A3 });
    // A draft is the unit's own business, never the reviewer's.
    await openReport({
      db,
      actor: systemActor,
      regimeId,
      organizationId: c.id,
      periodId: "2026Q1",
    });
    ids.X1 = await submitted(otherRegimeId, a, "2026Q1", false);
  });
  after(() => platform.stop());

  it("lists submitted and decided reports of the regimes one reviews, latest activity first", async () => {
    const all = await inbox("");
    assert.deepEqual(names(all.items), ["A1", "A2", "A3", "B1", "B2"]);
    assert.deepEqual(all.counts, { submitted: 3, returned: 1, accepted: 1 });
    assert.deepEqual(
      all.regimes.map((r) => r.code),
      ["BC-HOP-THU"],
    );
    assert.equal(all.nextCursor, null);
    const times = all.items.map(activity);
    assert.deepEqual(
      times,
      [...times].sort((x, y) => y - x),
    );

    const a3 = all.items.find((i) => i.id === ids.A3)!;
    assert.equal(a3.status, "submitted");
    assert.equal(a3.version, 2);
    assert.equal(a3.late, true);
    assert.equal(a3.reviewedAt, null);
    assert.equal(a3.organization.name, "Sở Nội vụ A");
    assert.equal(a3.regime.code, "BC-HOP-THU");
    assert.equal(a3.periodId, "2026Q3");
    const a2 = all.items.find((i) => i.id === ids.A2)!;
    assert.deepEqual([a2.status, a2.late, a2.version], ["returned", true, 1]);
    assert.ok(a2.reviewedAt && a2.reviewedBy);
    const b1 = all.items.find((i) => i.id === ids.B1)!;
    assert.deepEqual([b1.status, b1.late, b1.deadline], ["submitted", false, "2026-03-20"]);
  });

  it("filters by status, period, lateness and regime; the counts keep every filter but status", async () => {
    const waiting = await inbox("?status=submitted");
    assert.deepEqual(names(waiting.items), ["A3", "B1", "B2"]);
    assert.deepEqual(waiting.counts, { submitted: 3, returned: 1, accepted: 1 });
    assert.deepEqual(names((await inbox("?status=accepted")).items), ["A1"]);
    assert.deepEqual(names((await inbox("?status=returned")).items), ["A2"]);
    assert.deepEqual(names((await inbox("?period=2026Q1")).items), ["A1", "B1"]);

    const late = await inbox("?late=true");
    assert.deepEqual(names(late.items), ["A2", "A3", "B2"]);
    assert.deepEqual(late.counts, { submitted: 2, returned: 1, accepted: 0 });
    assert.deepEqual(names((await inbox("?late=false")).items), ["A1", "B1"]);
    assert.deepEqual(names((await inbox("?late=true&period=2026Q2&status=submitted")).items), [
      "B2",
    ]);
    assert.deepEqual(names((await inbox(`?regimeId=${regimeId}&period=2026Q4`)).items), []);
  });

  it("pages with a cursor, without gaps or repeats", async () => {
    const whole = (await inbox("")).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const page: Inbox = await inbox(
        `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, whole);
    assert.equal((await get("/inbox?cursor=not-a-cursor", reviewer)).statusCode, 400);
  });

  it("shows another organization's reviewer only its own regimes, and a reporting unit nothing", async () => {
    const other = await inbox("", otherReviewer);
    assert.deepEqual(
      other.items.map((i) => i.id),
      [ids.X1],
    );
    assert.deepEqual(
      other.regimes.map((r) => r.code),
      ["BC-KHAC"],
    );

    // The unit that sent the reports reviews none of them.
    const unit = await inbox("", provinceOfficer);
    assert.deepEqual(unit, {
      items: [],
      nextCursor: null,
      counts: { submitted: 0, returned: 0, accepted: 0 },
      regimes: [],
    });
    for (const [headers, regime] of [
      [provinceOfficer, regimeId],
      [otherReviewer, regimeId],
      [reviewer, otherRegimeId],
    ] as const)
      assert.equal((await get(`/inbox?regimeId=${regime}`, headers)).statusCode, 403);
  });

  it("refuses the anonymous, an unknown regime and an unknown status", async () => {
    assert.equal((await get("/inbox")).statusCode, 401);
    const unknown = "00000000-0000-4000-8000-000000000000";
    assert.equal((await get(`/inbox?regimeId=${unknown}`, reviewer)).statusCode, 404);
    assert.equal((await get("/inbox?status=draft", reviewer)).statusCode, 400);
  });
});
