/**
 * Live aggregation of reports over 10 million data values (issue 7): 3,321 communes × 50
 * indicators × 12 months × a five-way disaggregation (9.86 million stored: the 1 % of reports
 * never opened have none), and the time to answer a national quarterly aggregate by province
 * with completeness — `aggregate()` against a hand-written `GROUP BY ROLLUP` of the same answer on
 * the same database, measured in the same run. Goal: within 1.5× of the hand-written query on
 * PostgreSQL; PGlite reported too.
 *
 * The data: a national root, 34 provinces under it and the communes (`commune_committee`) spread
 * over them, inserted in bulk; a monthly regime (calendar windows) of 50 integer indicators by a
 * five-option age group, made through the services; one report per commune and month of 2026
 * (about 85 % accepted, 10 % submitted — one in ten late —, 3 % draft, 1 % returned, 1 % never
 * opened), and one value per indicator and option of every opened report, inserted in bulk by
 * `insert … select` from `generate_series` (through the real tables, keys, indexes and foreign
 * keys). The answers of both sides are compared cell by cell; a difference fails the run.
 *
 * PGlite gets 1,000 communes by default (2.97 million values): it loads single-threaded in
 * WebAssembly at about 16,000 values a second (PostgreSQL: about 48,000) on a 2-core machine, so
 * the full size would take some 11 minutes of loading alone. Sizes: BENCH_COMMUNES,
 * BENCH_PGLITE_COMMUNES, BENCH_PROVINCES, BENCH_INDICATORS; runs: BENCH_RUNS; one database only:
 * BENCH_ONLY=postgres|pglite.
 */
import fs from "node:fs";
import { sql } from "kysely";
import type { Actor } from "../apps/server/src/core/actor.ts";
import { openDatabase, type Database, type Db } from "../apps/server/src/core/db/index.ts";
import { migrate } from "../apps/server/src/core/db/migrate.ts";
import { newId } from "../apps/server/src/core/ids.ts";
import { foldVietnamese } from "../apps/server/src/core/text.ts";
import { scratchPostgresDatabase, tempDataDir } from "../apps/server/src/core/testing/processes.ts";
import { migrationSources } from "../apps/server/src/modules/index.ts";
import { aggregate, type Aggregate } from "../apps/server/src/modules/reports/aggregation.ts";
import { deadline, period, periodId } from "../apps/server/src/modules/reports/periods.ts";
import { createRegime, setRegimeStatus } from "../apps/server/src/modules/reports/regimes.ts";
import { workCalendar } from "../apps/server/src/modules/reports/shared.ts";
import type { TemplateDefinition } from "../apps/server/src/modules/reports/template.ts";
import {
  publishTemplate,
  saveDraftTemplate,
} from "../apps/server/src/modules/reports/templates.ts";
import { median, percentile, postgresAdminUrl, printTable, writeResults, type Row } from "./lib.ts";

const COMMUNES = Number(process.env.BENCH_COMMUNES ?? 3321);
const PGLITE_COMMUNES = Number(process.env.BENCH_PGLITE_COMMUNES ?? 1000);
const PROVINCES = Number(process.env.BENCH_PROVINCES ?? 34);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const YEAR = 2026;
const QUARTER = `${YEAR}Q1`;
const BATCH = 1000;
if (INDICATORS < 1 || INDICATORS > 99) throw new Error("BENCH_INDICATORS: 1 to 99");

const actor: Actor = { kind: "system", name: "bench" };
const AGES = [
  { code: "duoi_30", name: "Dưới 30 tuổi" },
  { code: "30_40", name: "Từ 30 đến 40 tuổi" },
  { code: "41_50", name: "Từ 41 đến 50 tuổi" },
  { code: "51_60", name: "Từ 51 đến 60 tuổi" },
  { code: "tren_60", name: "Trên 60 tuổi" },
];
const DEADLINE = { kind: "day_of_month", day: 5, monthsAfterEnd: 1 } as const;
const indicatorCode = (i: number) => `CT${String(i).padStart(2, "0")}`;

const TEMPLATE: TemplateDefinition = {
  sections: [{ code: "TINH_HINH", title: "Tình hình thực hiện" }],
  categories: [{ code: "NHOM_TUOI", name: "Nhóm tuổi", options: AGES }],
  forms: [
    {
      code: "BIEU_01",
      title: "Chỉ tiêu thống kê cấp xã",
      indicators: Array.from({ length: INDICATORS }, (_, k) => ({
        code: indicatorCode(k + 1),
        name: `Chỉ tiêu ${k + 1}`,
        type: "integer" as const,
        unit: "người",
        min: 0,
        categories: ["NHOM_TUOI"],
      })),
    },
  ],
  rules: [],
};

type Organizations = { root: string; provinces: string[]; communes: string[] };

function organizationRow(o: {
  id: string;
  code: string;
  name: string;
  shortName: string;
  kind: string;
  parentId: string | null;
}) {
  const folded = foldVietnamese(o.name);
  const at = new Date("2026-01-01T00:00:00Z");
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    short_name: o.shortName,
    kind: o.kind,
    parent_id: o.parentId,
    status: "active",
    valid_from: "2026-01-01",
    version: 1,
    search_text: folded,
    sort_name: folded,
    created_at: at,
    updated_at: at,
  };
}

/** The nation, its provinces and their communes (commune n under province n mod PROVINCES). */
async function seedOrganizations(db: Db, communes: number): Promise<Organizations> {
  const root = newId();
  const provinces = Array.from({ length: PROVINCES }, () => newId());
  const rows = [
    organizationRow({
      id: root,
      code: "000.00.00.G99",
      name: "Cả nước",
      shortName: "CN",
      kind: "other",
      parentId: null,
    }),
    ...provinces.map((id, p) =>
      organizationRow({
        id,
        code: `000.00.00.H${String(p + 1).padStart(2, "0")}`,
        name: `Ủy ban nhân dân tỉnh số ${p + 1}`,
        shortName: "UBND",
        kind: "provincial_committee",
        parentId: root,
      }),
    ),
  ];
  const communeIds = Array.from({ length: communes }, () => newId());
  communeIds.forEach((id, n) => {
    const p = n % PROVINCES;
    const k = Math.floor(n / PROVINCES) + 1;
    rows.push(
      organizationRow({
        id,
        code: `${String(k).padStart(3, "0")}.01.00.H${String(p + 1).padStart(2, "0")}`,
        name: `Ủy ban nhân dân xã số ${k}, tỉnh số ${p + 1}`,
        shortName: "UBND",
        kind: "commune_committee",
        parentId: provinces[p]!,
      }),
    );
  });
  for (let start = 0; start < rows.length; start += BATCH)
    await db
      .insertInto("dir_organizations")
      .values(rows.slice(start, start + BATCH))
      .execute();
  return { root, provinces, communes: communeIds };
}

/** The monthly regime every commune reports under, through the services as an administrator would. */
async function createMonthlyRegime(db: Db, root: string): Promise<string> {
  const regime = await createRegime({
    db,
    actor,
    input: {
      code: "BENCH-XA-THANG",
      name: "Báo cáo thống kê hằng tháng cấp xã",
      legalBasis: "Mô phỏng cho phép đo hiệu năng",
      kind: "periodic",
      frequency: "monthly",
      windowRule: "calendar",
      deadlineRule: DEADLINE,
      reportingRule: { kind: "organization_kind", organizationKind: "commune_committee" },
      receivingOrganizationId: root,
      effectiveFrom: `${YEAR}-01-01`,
    },
  });
  await saveDraftTemplate({ db, actor, regimeId: regime.id, definition: TEMPLATE });
  await publishTemplate({ db, actor, regimeId: regime.id });
  await setRegimeStatus({ db, actor, id: regime.id, status: "active" });
  return regime.id;
}

/** A commune's standing for a month, spread deterministically (see the file comment). */
function standingOf(n: number, month: number) {
  const h = (n * 7919 + month * 104_729) % 100;
  const status =
    h < 1 ? null : h < 4 ? "draft" : h < 5 ? "returned" : h < 15 ? "submitted" : "accepted";
  return { status, late: (n * 31 + month * 17) % 10 === 0 };
}

async function seedReports(db: Db, regimeId: string, communes: string[]) {
  const calendar = workCalendar();
  const rows = [];
  for (let month = 1; month <= 12; month++) {
    const p = period(periodId("monthly", YEAR, month), "calendar");
    const due = deadline(p, DEADLINE, calendar);
    for (const [n, organizationId] of communes.entries()) {
      const { status, late } = standingOf(n, month);
      if (status === null) continue;
      const sent = status !== "draft";
      const submittedAt = new Date(`${due}T02:00:00Z`);
      if (late) submittedAt.setUTCDate(submittedAt.getUTCDate() + 3);
      rows.push({
        id: newId(),
        regime_id: regimeId,
        organization_id: organizationId,
        period_id: p.id,
        template_version: 1,
        status,
        period_start: p.start,
        period_end: p.end,
        deadline: due,
        version: sent ? 1 : 0,
        submitted_at: sent ? submittedAt : null,
        submitted_by: sent ? "bench" : null,
        late: sent ? late : null,
        reviewed_at: status === "accepted" || status === "returned" ? submittedAt : null,
        reviewed_by: status === "accepted" || status === "returned" ? "bench" : null,
      });
    }
  }
  for (let start = 0; start < rows.length; start += BATCH)
    await db
      .insertInto("rpt_reports")
      .values(rows.slice(start, start + BATCH))
      .execute();
  return rows.length;
}

/**
 * One value per indicator and age group of every opened report, a month a statement, sorted by
 * the primary key so the B-tree grows at its right edge as a steady stream of reports would.
 */
async function seedValues(db: Db, regimeId: string): Promise<number> {
  let count = 0;
  for (let month = 1; month <= 12; month++) {
    const result = await sql`
      insert into rpt_values (regime_id, period_id, organization_id, indicator, combination,
        report_id, value)
      select r.regime_id, r.period_id, r.organization_id, 'CT' || lpad(i::text, 2, '0'), o.code,
        r.id, (abs(hashtext(r.id::text)) % 50 + i * 3 + o.n * 7) % 100
      from rpt_reports r
      cross join generate_series(1, ${INDICATORS}::int) as i
      cross join unnest(${AGES.map((a) => a.code)}::text[]) with ordinality as o (code, n)
      where r.regime_id = ${regimeId} and r.period_id = ${periodId("monthly", YEAR, month)}
      order by r.organization_id, 4, o.code`.execute(db);
    count += Number(result.numAffectedRows ?? 0);
  }
  return count;
}

type Answer = {
  /** Province id ("" for the nation) → indicator → total. */
  totals: Map<string, Map<string, number>>;
  completeness: Map<
    string,
    { expected: number; submitted: number; onTime: number; accepted: number }
  >;
};

/**
 * The hand-written answer: quarterly sums per province and for the nation with `GROUP BY ROLLUP`,
 * and completeness the same way. It knows what the platform must discover — that communes sit
 * directly under provinces, which sit directly under the root — so it maps a value to its
 * province with one join on `parent_id`, where the platform walks the tree in the application
 * and passes every unit with its group.
 */
async function handWritten(db: Db, regimeId: string, root: string, periods: string[]) {
  const sums = await sql<{ province: string | null; indicator: string; total: number }>`
    select c.parent_id as province, v.indicator, sum(v.value)::float8 as total
    from rpt_values v
    join rpt_reports r on r.id = v.report_id
    join dir_organizations c on c.id = v.organization_id
    join dir_organizations p on p.id = c.parent_id
    where v.regime_id = ${regimeId} and v.period_id = any(${periods}::text[])
      and v.value is not null and r.status in ('submitted', 'accepted') and p.parent_id = ${root}
    group by rollup (c.parent_id), v.indicator`.execute(db);
  const completeness = await sql<{
    province: string | null;
    expected: number;
    submitted: number;
    on_time: number;
    accepted: number;
  }>`
    select c.parent_id as province, count(*)::int as expected,
      count(r.id) filter (where r.status in ('submitted', 'accepted'))::int as submitted,
      count(r.id) filter (where r.status in ('submitted', 'accepted') and not r.late)::int as on_time,
      count(r.id) filter (where r.status = 'accepted')::int as accepted
    from dir_organizations c
    join dir_organizations p on p.id = c.parent_id
    cross join unnest(${periods}::text[]) as q (period_id)
    left join rpt_reports r
      on r.regime_id = ${regimeId} and r.organization_id = c.id and r.period_id = q.period_id
    where c.kind = 'commune_committee' and c.status = 'active' and p.parent_id = ${root}
    group by rollup (c.parent_id)`.execute(db);
  return { sums: sums.rows, completeness: completeness.rows };
}

function answerOfHandWritten(result: Awaited<ReturnType<typeof handWritten>>): Answer {
  const totals = new Map<string, Map<string, number>>();
  for (const r of result.sums) {
    const key = r.province ?? "";
    if (!totals.has(key)) totals.set(key, new Map());
    totals.get(key)!.set(r.indicator, r.total);
  }
  const completeness = new Map(
    result.completeness.map((r) => [
      r.province ?? "",
      { expected: r.expected, submitted: r.submitted, onTime: r.on_time, accepted: r.accepted },
    ]),
  );
  return { totals, completeness };
}

function answerOfPlatform(result: Aggregate): Answer {
  const rows = [...result.rows, result.total];
  const totals = new Map(
    rows.map((r) => [
      r.key,
      new Map(r.cells.filter((c) => c.option === null).map((c) => [c.indicator, c.value ?? 0])),
    ]),
  );
  return { totals, completeness: new Map(rows.map((r) => [r.key, r.completeness])) };
}

/** Fails the run when the two answers differ in any total or completeness count. */
function assertSameAnswer(ours: Answer, theirs: Answer, provinces: string[]) {
  const problems: string[] = [];
  for (const key of ["", ...provinces]) {
    for (let i = 1; i <= INDICATORS; i++) {
      const code = indicatorCode(i);
      const a = ours.totals.get(key)?.get(code);
      const b = theirs.totals.get(key)?.get(code);
      if (a === undefined || b === undefined || Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(b)))
        problems.push(`${key || "nation"} ${code}: platform ${a}, hand-written ${b}`);
    }
    const a = JSON.stringify(ours.completeness.get(key));
    const b = JSON.stringify(theirs.completeness.get(key));
    if (a !== b) problems.push(`${key || "nation"} completeness: platform ${a}, hand-written ${b}`);
  }
  if (problems.length > 0)
    throw new Error(`The answers differ:\n${problems.slice(0, 20).join("\n")}`);
}

async function benchDatabase(kind: "pglite" | "postgres") {
  const communes = kind === "postgres" ? COMMUNES : PGLITE_COMMUNES;
  let database: Database;
  let drop = async () => {};
  if (kind === "postgres") {
    const scratch = await scratchPostgresDatabase(postgresAdminUrl(), "lt_bench_aggregation");
    database = await openDatabase({ databaseUrl: scratch.url, poolSize: 2 });
    drop = scratch.drop;
  } else {
    const dir = tempDataDir("lt-bench-aggregation-");
    database = await openDatabase({ pgliteDir: dir });
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  try {
    const db = database.db;
    await migrate(db, migrationSources());
    let at = performance.now();
    const organizations = await seedOrganizations(db, communes);
    const regimeId = await createMonthlyRegime(db, organizations.root);
    const reports = await seedReports(db, regimeId, organizations.communes);
    const setupSeconds = (performance.now() - at) / 1000;
    at = performance.now();
    const values = await seedValues(db, regimeId);
    const valuesSeconds = (performance.now() - at) / 1000;
    at = performance.now();
    await sql`vacuum analyze`.execute(db);
    const analyzeSeconds = (performance.now() - at) / 1000;
    console.log(
      `${kind}: ${communes} communes, ${reports} reports in ${setupSeconds.toFixed(1)} s; ` +
        `${values.toLocaleString("en")} values in ${valuesSeconds.toFixed(0)} s; ` +
        `vacuum analyze ${analyzeSeconds.toFixed(0)} s`,
    );

    const periods = ["01", "02", "03"].map((m) => `${YEAR}${m}`);
    const ours = () =>
      aggregate({
        db,
        actor,
        regimeId,
        periodId: QUARTER,
        organizationId: organizations.root,
        groupBy: "organization",
      });
    const theirs = () => handWritten(db, regimeId, organizations.root, periods);
    assertSameAnswer(
      answerOfPlatform(await ours()),
      answerOfHandWritten(await theirs()),
      organizations.provinces,
    );
    await ours();
    await theirs();
    // Alternating which goes first spreads a shared machine's noise over both.
    const oursMs: number[] = [];
    const theirsMs: number[] = [];
    const time = async (run: () => Promise<unknown>, into: number[]) => {
      const start = performance.now();
      await run();
      into.push(performance.now() - start);
    };
    for (let n = 0; n < RUNS; n++) {
      if (n % 2 === 0) {
        await time(ours, oursMs);
        await time(theirs, theirsMs);
      } else {
        await time(theirs, theirsMs);
        await time(ours, oursMs);
      }
    }
    const size = await sql<{ bytes: number }>`
      select pg_total_relation_size('rpt_values')::bigint as bytes`.execute(db);
    return {
      kind,
      communes,
      provinces: PROVINCES,
      indicators: INDICATORS,
      reports,
      values,
      valuesMiB: size.rows[0]!.bytes / 2 ** 20,
      setupSeconds,
      valuesSeconds,
      analyzeSeconds,
      ours: oursMs,
      baseline: theirsMs,
    };
  } finally {
    await database.close();
    await drop();
  }
}

const runs = [];
for (const kind of ["pglite", "postgres"] as const) {
  if (process.env.BENCH_ONLY && process.env.BENCH_ONLY !== kind) continue;
  runs.push(await benchDatabase(kind));
}
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const rows: Row[] = runs.map((r) => ({
  benchmark:
    `${QUARTER} by province with completeness: ${r.values.toLocaleString("en")} values ` +
    `(${r.communes} communes × ${r.indicators} indicators × 12 months × 5, ` +
    `${r.valuesMiB.toFixed(0)} MiB), loaded in ${r.valuesSeconds.toFixed(0)} s`,
  database: r.kind,
  ours: `p50 ${ms(median(r.ours))}, p95 ${ms(percentile(r.ours, 95))}`,
  baselineName: "hand-written SQL GROUP BY ROLLUP",
  baseline: `p50 ${ms(median(r.baseline))}, p95 ${ms(percentile(r.baseline, 95))}`,
  ratio: `${(median(r.ours) / median(r.baseline)).toFixed(2)}×`,
}));
printTable(`Live aggregation of reports, ${RUNS} runs each (goal: ≤ 1.5× on PostgreSQL)`, rows);
console.log(
  `\nResults: ${writeResults(
    "reports-aggregation",
    runs.map(({ ours, baseline, ...r }) => ({
      ...r,
      oursP50: median(ours),
      oursP95: percentile(ours, 95),
      baselineP50: median(baseline),
      baselineP95: percentile(baseline, 95),
      ratio: median(ours) / median(baseline),
    })),
  )}`,
);
