/**
 * Bulk import of report values (issue 7), on PGlite and on PostgreSQL: values per second through
 * the real HTTP API `POST /api/v1/reports/dataValueSets` of a platform listening on 127.0.0.1,
 * as provincial systems push them — each of 34 provinces with its own SSO client and a
 * client-credentials token for the reports API, one report of 2,000 values per push (40 integer
 * indicators × sex × five age groups × five ranks), DHIS2 JSON and DHIS2 CSV, all-or-nothing
 * (the default). Beside it, measured in the same run on the same database: the floor of writing
 * the same rows — one multi-row `insert … on conflict do update` into `rpt_values` per 1,000 rows,
 * one transaction per province, straight through Kysely, into reports made beforehand.
 *
 * Every push writes new cells: JSON goes to January, CSV to February, the baseline to March of a
 * monthly regime. The provinces are taken in rounds (17 and 17 by default), each round running
 * JSON, CSV and the baseline in turn, so a neighbour's burst on the shared machine falls on all
 * three. Two pushes (or baseline transactions) run at a time. The
 * import answers SUCCESS with every value imported, and the stored rows are counted, or the run
 * fails. The client and the server share this process; tokens are fetched before the timing.
 *
 * Sizes: BENCH_PROVINCES (34), BENCH_INDICATORS (40, 50 values each), BENCH_ROUNDS (2); one
 * database only: BENCH_ONLY=postgres|pglite.
 */
import { sql } from "kysely";
import type { Actor } from "../apps/server/src/core/actor.ts";
import type { Db } from "../apps/server/src/core/db/index.ts";
import { inTransaction } from "../apps/server/src/core/db/transaction.ts";
import { newId } from "../apps/server/src/core/ids.ts";
import type { Organization } from "../apps/server/src/modules/directory/index.ts";
import { createTestOrganization } from "../apps/server/src/modules/directory/testing.ts";
import { createTestClient } from "../apps/server/src/modules/identity/oidc/testing.ts";
import type { ImportSummary } from "../apps/server/src/modules/reports/import-schema.ts";
import { deadline, period } from "../apps/server/src/modules/reports/periods.ts";
import { createRegime, setRegimeStatus } from "../apps/server/src/modules/reports/regimes.ts";
import { workCalendar } from "../apps/server/src/modules/reports/shared.ts";
import type { TemplateDefinition } from "../apps/server/src/modules/reports/template.ts";
import {
  publishTemplate,
  saveDraftTemplate,
} from "../apps/server/src/modules/reports/templates.ts";
import { type Platform } from "../apps/server/src/platform.ts";
import {
  closedLoop,
  mergeLoads,
  percentile,
  printTable,
  writeResults,
  type LoadResult,
  type Row,
} from "./lib.ts";
import { startBenchPlatform } from "./platform.ts";

const PROVINCES = Number(process.env.BENCH_PROVINCES ?? 34);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
if (!(PROVINCES >= 2)) throw new Error("BENCH_PROVINCES must be at least 2");
const CONCURRENCY = 2;
const ROUND_MS = 120_000;
const WRITE_BATCH = 1000;
const YEAR = 2026;

const actor: Actor = { kind: "system", name: "bench" };
const SEXES = ["nam", "nu"];
const AGES = ["duoi_30", "30_40", "41_50", "51_60", "tren_60"];
const RANKS = ["cvcc", "cvc", "cv", "cs", "nv"];
const DEADLINE = { kind: "day_of_month", day: 5, monthsAfterEnd: 1 } as const;
const indicatorCode = (i: number) => `CT${String(i).padStart(2, "0")}`;
const option = (code: string) => ({ code, name: code });

const TEMPLATE: TemplateDefinition = {
  sections: [{ code: "TINH_HINH", title: "Tình hình thực hiện" }],
  categories: [
    { code: "GIOI_TINH", name: "Giới tính", options: SEXES.map(option) },
    { code: "NHOM_TUOI", name: "Nhóm tuổi", options: AGES.map(option) },
    { code: "NGACH", name: "Ngạch", options: RANKS.map(option) },
  ],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng, chất lượng công chức",
      indicators: Array.from({ length: INDICATORS }, (_, k) => ({
        code: indicatorCode(k + 1),
        name: `Chỉ tiêu ${k + 1}`,
        type: "integer" as const,
        min: 0,
        categories: ["GIOI_TINH", "NHOM_TUOI", "NGACH"],
      })),
    },
  ],
  rules: [],
};

/** One province's report: every cell of the template, a value each (deterministic). */
function cellsOf(province: number) {
  const cells: { indicator: string; combination: string; value: number }[] = [];
  for (let i = 1; i <= INDICATORS; i++)
    for (const [s, sex] of SEXES.entries())
      for (const [a, age] of AGES.entries())
        for (const [r, rank] of RANKS.entries())
          cells.push({
            indicator: indicatorCode(i),
            combination: `${sex}.${age}.${rank}`,
            value: (province * 37 + i * 11 + s * 7 + a * 5 + r * 3) % 500,
          });
  return cells;
}

type Push = { province: Organization; periodId: string; token: string };

const jsonBody = (push: Push, cells: ReturnType<typeof cellsOf>, regimeCode: string) =>
  JSON.stringify({
    dataSet: regimeCode,
    period: push.periodId,
    orgUnit: push.province.code,
    dataValues: cells.map((c) => ({
      dataElement: c.indicator,
      categoryOptionCombo: c.combination,
      value: String(c.value),
    })),
  });

const csvBody = (push: Push, cells: ReturnType<typeof cellsOf>) =>
  "dataelement,period,orgunit,catoptcombo,attroptcombo,value\n" +
  cells
    .map(
      (c) =>
        `${c.indicator},${push.periodId},${push.province.code},${c.combination},default,${c.value}`,
    )
    .join("\n") +
  "\n";

async function createMonthlyRegime(db: Db, ministry: string, provinces: Organization[]) {
  const regime = await createRegime({
    db,
    actor,
    input: {
      code: "BENCH-NHAP-THANG",
      name: "Báo cáo số lượng, chất lượng công chức hằng tháng",
      legalBasis: "Mô phỏng cho phép đo hiệu năng",
      kind: "periodic",
      frequency: "monthly",
      windowRule: "calendar",
      deadlineRule: DEADLINE,
      reportingRule: { kind: "organizations", organizationIds: provinces.map((p) => p.id) },
      receivingOrganizationId: ministry,
      effectiveFrom: `${YEAR}-01-01`,
    },
  });
  await saveDraftTemplate({ db, actor, regimeId: regime.id, definition: TEMPLATE });
  await publishTemplate({ db, actor, regimeId: regime.id });
  await setRegimeStatus({ db, actor, id: regime.id, status: "active" });
  return regime;
}

/** The baseline's reports (drafts), made before the timing: it writes values only. */
async function insertReports(db: Db, regimeId: string, periodId: string, units: Organization[]) {
  const p = period(periodId, "calendar");
  const due = deadline(p, DEADLINE, workCalendar());
  const ids = new Map<string, string>();
  const rows = units.map((u) => {
    const id = newId();
    ids.set(u.id, id);
    return {
      id,
      regime_id: regimeId,
      organization_id: u.id,
      period_id: p.id,
      template_version: 1,
      status: "draft",
      period_start: p.start,
      period_end: p.end,
      deadline: due,
      version: 0,
    };
  });
  await db.insertInto("rpt_reports").values(rows).execute();
  return ids;
}

async function storedCount(db: Db, regimeId: string, periodId: string) {
  const { rows } = await sql<{ n: string | number }>`
    select count(*) as n from rpt_values
    where regime_id = ${regimeId} and period_id = ${periodId}`.execute(db);
  return Number(rows[0]!.n);
}

async function clientToken(platform: Platform, province: Organization) {
  const base = platform.ctx.config.publicUrl;
  const resource = `${base}/api/v1/reports`;
  const { client, clientSecret } = await createTestClient(platform, province.id, {
    kind: "machine",
    scopes: ["reports"],
    resources: [resource],
  });
  const response = await fetch(`${base}/oidc/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${clientSecret!}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "reports", resource }),
  });
  if (response.status !== 200) throw new Error(`token: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function benchDatabase(kind: "pglite" | "postgres") {
  const { platform, close } = await startBenchPlatform(kind, "import");
  try {
    const db = platform.ctx.db;
    const base = platform.ctx.config.publicUrl;
    const ministry = await createTestOrganization(db, { shortName: "BNV", name: "Bộ Nội vụ" });
    const provinces: Organization[] = [];
    for (let p = 0; p < PROVINCES; p++)
      provinces.push(
        await createTestOrganization(db, {
          shortName: "SNV",
          name: `Sở Nội vụ tỉnh số ${p + 1}`,
          kind: "provincial_department",
        }),
      );
    const regime = await createMonthlyRegime(db, ministry.id, provinces);
    const tokens = new Map<string, string>();
    for (const province of provinces)
      tokens.set(province.id, await clientToken(platform, province));
    const cells = provinces.map((_, p) => cellsOf(p));
    const perPush = cells[0]!.length;

    const month = (n: number) => `${YEAR}${String(n).padStart(2, "0")}`;
    const pushOver = (format: "json" | "csv", periodId: string) => async (i: number) => {
      const push = { province: provinces[i]!, periodId, token: tokens.get(provinces[i]!.id)! };
      const response = await fetch(`${base}/api/v1/reports/dataValueSets?dataSet=${regime.code}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${push.token}`,
          "content-type": format === "json" ? "application/json" : "text/csv",
        },
        body: format === "json" ? jsonBody(push, cells[i]!, regime.code) : csvBody(push, cells[i]!),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${response.status}: ${text.slice(0, 300)}`);
      const summary = JSON.parse(text) as ImportSummary;
      if (summary.status !== "SUCCESS" || summary.importCount.imported !== perPush)
        throw new Error(`summary ${JSON.stringify(summary.importCount)}`);
      return true;
    };
    const baselineOver = (reports: Map<string, string>, periodId: string) => async (i: number) => {
      const province = provinces[i]!;
      const rows = cells[i]!.map((c) => ({
        regime_id: regime.id,
        period_id: periodId,
        organization_id: province.id,
        indicator: c.indicator,
        combination: c.combination,
        report_id: reports.get(province.id)!,
        value: c.value,
        text_value: null,
      }));
      await inTransaction(db, async (trx) => {
        for (let start = 0; start < rows.length; start += WRITE_BATCH)
          await trx
            .insertInto("rpt_values")
            .values(rows.slice(start, start + WRITE_BATCH))
            .onConflict((c) =>
              c
                .columns(["regime_id", "period_id", "organization_id", "indicator", "combination"])
                .doUpdateSet({
                  value: sql`excluded.value`,
                  text_value: sql`excluded.text_value`,
                  updated_at: sql`now()`,
                }),
            )
            .execute();
      });
      return true;
    };

    // Warm every path (code, template cache, plans) on months outside the measured ones.
    await pushOver("json", month(11))(0);
    await pushOver("csv", month(10))(1);
    const last = PROVINCES - 1;
    await baselineOver(
      await insertReports(db, regime.id, month(11), provinces.slice(last)),
      month(11),
    )(last);

    const loads = {
      json: [] as LoadResult[],
      csv: [] as LoadResult[],
      baseline: [] as LoadResult[],
    };
    const [json, csv, plain] = [month(1), month(2), month(3)] as const;
    const reports = await insertReports(db, regime.id, plain, provinces);
    const perRound = Math.ceil(PROVINCES / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      const first = round * perRound;
      const run = (operation: (i: number) => Promise<boolean>) =>
        closedLoop({
          count: Math.min(perRound, PROVINCES - first),
          concurrency: CONCURRENCY,
          maxMs: ROUND_MS,
          operation: (i) => operation(first + i),
        });
      loads.json.push(await run(pushOver("json", json)));
      loads.csv.push(await run(pushOver("csv", csv)));
      loads.baseline.push(await run(baselineOver(reports, plain)));
      for (const load of [loads.json, loads.csv, loads.baseline])
        if (load.at(-1)!.firstError) throw new Error(load.at(-1)!.firstError);
    }
    for (const periodId of [json, csv, plain]) {
      const stored = await storedCount(db, regime.id, periodId);
      if (stored !== PROVINCES * perPush)
        throw new Error(`${periodId}: ${stored} values stored, ${PROVINCES * perPush} sent`);
    }
    const size = await sql<{ bytes: number }>`
      select pg_total_relation_size('rpt_values')::bigint as bytes`.execute(db);
    return {
      kind,
      provinces: PROVINCES,
      valuesPerPush: perPush,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      jsonBytesPerPush: Buffer.byteLength(
        jsonBody(
          { province: provinces[0]!, periodId: month(1), token: "" },
          cells[0]!,
          regime.code,
        ),
      ),
      csvBytesPerPush: Buffer.byteLength(
        csvBody({ province: provinces[0]!, periodId: month(1), token: "" }, cells[0]!),
      ),
      valuesMiB: Number(size.rows[0]!.bytes) / 2 ** 20,
      json: summary(mergeLoads(loads.json), perPush),
      csv: summary(mergeLoads(loads.csv), perPush),
      baseline: summary(mergeLoads(loads.baseline), perPush),
    };
  } finally {
    await close();
  }
}

function summary(load: LoadResult, perPush: number) {
  return {
    pushes: load.succeeded,
    attempted: load.attempted,
    values: load.succeeded * perPush,
    seconds: load.seconds,
    valuesPerSecond: (load.succeeded * perPush) / load.seconds,
    p50Ms: percentile(load.latenciesMs, 50),
    p95Ms: percentile(load.latenciesMs, 95),
    ...(load.firstError ? { firstError: load.firstError } : {}),
  };
}

const results = [];
for (const kind of ["pglite", "postgres"] as const) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) continue;
  results.push(await benchDatabase(kind));
}

const n = (x: number) => Math.round(x).toLocaleString("en");
const rows: Row[] = results.flatMap((r) =>
  (["json", "csv"] as const).flatMap((format) => {
    const ours = r[format];
    return [
      {
        benchmark:
          `${format.toUpperCase()} pushes over HTTP with an SSO token: ${r.provinces} provinces × ` +
          `${n(r.valuesPerPush)} values (${(r[`${format}BytesPerPush`] / 2 ** 20).toFixed(2)} MiB), ` +
          `${r.concurrency} at a time — ${n(ours.values)} values`,
        database: r.kind,
        ours: `${n(ours.valuesPerSecond)} values/s`,
        baselineName: "multi-row INSERT … ON CONFLICT via Kysely, a transaction per province",
        baseline: `${n(r.baseline.valuesPerSecond)} values/s`,
        ratio: `${(r.baseline.valuesPerSecond / ours.valuesPerSecond).toFixed(1)}×`,
      },
      {
        benchmark: `${format.toUpperCase()} push latency p50 / p95`,
        database: r.kind,
        ours: `${n(ours.p50Ms)} / ${n(ours.p95Ms)} ms`,
        baselineName: "a province's transaction p50 / p95",
        baseline: `${n(r.baseline.p50Ms)} / ${n(r.baseline.p95Ms)} ms`,
        ratio: `${(ours.p50Ms / r.baseline.p50Ms).toFixed(1)}× / ${(ours.p95Ms / r.baseline.p95Ms).toFixed(1)}×`,
      },
    ];
  }),
);
printTable(
  "Bulk import of report values (ratio = baseline ÷ ours for rates, ours ÷ baseline for latency)",
  rows,
);
for (const r of results)
  for (const name of ["json", "csv", "baseline"] as const)
    if (r[name].firstError) console.log(`${r.kind} ${name}: first error: ${r[name].firstError}`);
console.log(`\nresults: ${writeResults("reports-import", results)}`);
process.exit(0);
