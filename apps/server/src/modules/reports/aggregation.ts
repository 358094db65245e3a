import { sql } from "kysely";
import { requireActor, type Actor } from "../../core/actor.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError } from "../../core/errors.ts";
import {
  adminUnitsByCode,
  listOrganizationTree,
  organizationSubtreeIds,
} from "../directory/index.ts";
import { lookupOver, type NumericValue } from "./evaluation.ts";
import { references } from "./expression.ts";
import {
  parsePeriodId,
  period as periodOf,
  periodsEndingBetween,
  type Frequency,
  type Period,
} from "./periods.ts";
import {
  asks,
  byRequest,
  findRegimePeriod,
  regimePeriodsEndingBetween,
  type DuePeriod,
} from "./regime-periods.ts";
import { reportingUnitsIn, type ReportingUnit } from "./regimes.ts";
import { selectPublishedVersions, selectRegime, type RegimeRow } from "./repo.ts";
import { mayReview } from "./report-access.ts";
import { compiledTemplate } from "./templates.ts";
import type { CompiledTemplate, Indicator } from "./template.ts";

/** Which reports' values count: submitted ones (and accepted), accepted only, or drafts too. */
export type Include = "submitted" | "accepted" | "all";
export type GroupBy = "none" | "organization" | "unit" | "period" | "area";

export type AggregateCell = { indicator: string; option: string | null; value: number | null };
export type Completeness = {
  expected: number;
  submitted: number;
  onTime: number;
  accepted: number;
};
export type AggregateRow = {
  key: string;
  label: string;
  cells: AggregateCell[];
  completeness: Completeness;
  /**
   * The total only, when asked (`combinations`): each indicator's aggregated value per full
   * combination of its options (`""` for one without categories), as the form lays it out.
   * Computed indicators are not in it (their value is in `cells`); a combination with no data
   * is absent.
   */
  combinations?: NumericValue[];
};
export type Aggregate = {
  regime: { id: string; code: string; name: string };
  period: { id: string; start: string; end: string; periods: string[] };
  /** The organization added up under; null for every reporting unit of the regime. */
  organization: { id: string; code: string; name: string } | null;
  /** The province whose units alone were added up (by where they sit), if one was chosen. */
  area: { code: string; name: string } | null;
  groupBy: GroupBy;
  category: string | null;
  include: Include;
  rows: AggregateRow[];
  total: AggregateRow;
};

const STATUSES: Record<Include, string[]> = {
  submitted: ["submitted", "accepted"],
  accepted: ["accepted"],
  all: ["draft", "submitted", "returned", "accepted"],
};

type Tree = Awaited<ReturnType<typeof listOrganizationTree>>;

/**
 * Adds a regime's values up, live, from the value store: over the reporting units under an
 * organization (the hierarchy of the directory), over the regime's periods inside a coarser
 * period (months → quarter → year), and over disaggregations — each indicator by its aggregation
 * (`sum`, `average`, `last` for stocks, `none`), computed indicators evaluated on the aggregates.
 * Grouped by the organization's direct children, by period, or not at all, with completeness
 * (expected, submitted, on time, accepted) per group. One SQL `GROUP BY` over the value store;
 * nothing is precomputed, so a value accepted a second ago is in the answer.
 */
export async function aggregate(options: {
  db: Db;
  actor: Actor | null | undefined;
  regimeId: string;
  periodId: string;
  /** Add up under this organization; absent: every reporting unit (the receiving side only). */
  organizationId?: string | undefined;
  groupBy?: GroupBy | undefined;
  category?: string | undefined;
  indicators?: string[] | undefined;
  include?: Include | undefined;
  /** Only units located in this province (an administrative unit code, e.g. `01`). */
  area?: string | undefined;
  /** Also give the total per full combination of options (`total.combinations`). */
  combinations?: boolean | undefined;
}): Promise<Aggregate> {
  const actor = requireActor(options.actor);
  const { db } = options;
  const groupBy = options.groupBy ?? "none";
  const include = options.include ?? "submitted";
  const regime = await selectRegime(db, options.regimeId);
  if (!regime) throw new AppError("not_found");
  const version = (await selectPublishedVersions(db, [regime.id])).get(regime.id);
  if (version === undefined)
    throw new AppError("conflict", {
      detail: {
        vi: "Chế độ báo cáo chưa có mẫu đã ban hành.",
        en: "The regime has no published template.",
      },
    });
  const template = await compiledTemplate(db, regime.id, version);
  const { outer, periods } = await periodsOf(db, regime, options.periodId);
  const tree = await listOrganizationTree({ db });
  const root = options.organizationId
    ? tree.find((o) => o.id === options.organizationId)
    : undefined;
  if (options.organizationId && !root)
    throw new AppError("validation_failed", {
      errors: [{ path: "/organizationId", message: "Không có cơ quan này" }],
    });
  if (!root && groupBy === "organization")
    throw new AppError("validation_failed", {
      errors: [
        { path: "/organizationId", message: "Cần chọn cơ quan để tổng hợp theo đơn vị trực thuộc" },
      ],
    });
  if (!(await mayReview(db, actor, regime))) {
    const own =
      actor.kind === "user"
        ? await organizationSubtreeIds({ db, organizationId: actor.organizationId })
        : [];
    if (!root || !own.includes(root.id))
      throw new AppError("forbidden", {
        detail: {
          vi: "Bạn chỉ xem được số liệu tổng hợp của đơn vị mình (hoặc của cơ quan nhận báo cáo).",
          en: "You may see aggregates of your own unit only (or of the receiving organization).",
        },
      });
  }
  const indicators = pickIndicators(template, options.indicators);
  const category = options.category ?? null;
  if (category !== null && !template.categories.has(category))
    throw new AppError("validation_failed", {
      errors: [{ path: "/category", message: `Mẫu báo cáo không có phân tổ ${category}` }],
    });

  // Each unit added up (under the root, the root included; or every reporting unit), the group
  // it adds into, and the groups' names.
  const reporting = reportingUnitsIn(tree, regime.reporting_rule);
  const groups = root
    ? groupsUnder(tree, root.id, groupBy)
    : { of: new Map(reporting.map((u) => [u.id, u.id])), labels: new Map<string, string>() };
  for (const o of tree) if (!groups.labels.has(o.id)) groups.labels.set(o.id, o.name);
  if (groupBy === "unit") for (const unit of groups.of.keys()) groups.of.set(unit, unit);
  const area = options.area ? await areaOf(db, tree, options.area, groupBy) : undefined;
  if (area) {
    for (const [unit] of groups.of) {
      const place = area.placeOf.get(unit);
      if (place === undefined) groups.of.delete(unit);
      else if (groupBy === "area") groups.of.set(unit, place);
    }
    for (const [code, label] of area.labels) groups.labels.set(code, label);
  } else if (groupBy === "area") {
    const nation = await areaOf(db, tree, undefined, groupBy);
    for (const [unit] of groups.of) groups.of.set(unit, nation.placeOf.get(unit) ?? "");
    for (const [code, label] of nation.labels) groups.labels.set(code, label);
  }
  const groupOf = groups.of;
  const units = [...groupOf.keys()];
  const byGroup = groupBy === "organization" || groupBy === "unit" || groupBy === "area";
  const rows = await sumValues(db, {
    regimeId: regime.id,
    periods: periods.map((p) => p.id),
    units,
    groups: units.map((u) => (byGroup ? groupOf.get(u)! : "")),
    statuses: STATUSES[include],
    byPeriod: groupBy === "period" || indicators.some((i) => i.aggregation === "last"),
    byCombination:
      options.combinations === true || needsCombinations(template, indicators, category),
  });
  const completeness = completenessOf(
    await reportsOf(db, regime.id, periods),
    reporting.filter((o) => groupOf.has(o.id)),
    periods,
    groupOf,
    groupBy,
  );

  const labels = groups.labels;
  const keys = byGroup
    ? // An organization is a row of its own only when it reports, or others add up into it.
      [...new Set(groupOf.values())]
        .filter((k) => k !== root?.id || completeness.has(k))
        .filter((k) => groupBy === "organization" || completeness.has(k))
        .sort((a, b) =>
          groupBy === "area"
            ? (a || "~").localeCompare(b || "~")
            : (labels.get(a) ?? a).localeCompare(labels.get(b) ?? b, "vi"),
        )
    : groupBy === "period"
      ? periods.map((p) => p.id)
      : [""];
  const entered = new Set(
    indicators.filter((i) => !template.formulas.has(i.code)).map((i) => i.code),
  );
  const build = (
    key: string,
    label: string,
    filter: (r: SumRow) => boolean,
    combinations = false,
  ): AggregateRow => {
    const values = valuesOf(template, rows.filter(filter));
    return {
      key,
      label,
      cells: cellsOf(template, indicators, category, values),
      completeness: completeness.get(key) ?? { expected: 0, submitted: 0, onTime: 0, accepted: 0 },
      ...(combinations && { combinations: values.filter((v) => entered.has(v.indicator)) }),
    };
  };
  const everyone = area?.name ?? root?.name ?? "Các đơn vị báo cáo";
  const grouped = keys.map((key) =>
    build(key, byGroup ? (labels.get(key) ?? key) : key || everyone, (r) =>
      byGroup ? r.grp === key : groupBy === "period" ? r.period_id === key : true,
    ),
  );
  const total = build("", everyone, () => true, options.combinations);
  total.completeness = sumCompleteness([...completeness.values()]);
  return {
    regime: { id: regime.id, code: regime.code, name: regime.name },
    period: { id: outer.id, start: outer.start, end: outer.end, periods: periods.map((p) => p.id) },
    organization: root ? { id: root.id, code: root.code, name: root.name } : null,
    area: area ? { code: area.code, name: area.name } : null,
    groupBy,
    category,
    include,
    rows: groupBy === "none" ? [] : grouped,
    total,
  };
}

/** A period added over; a request's names the units it asks, if not all. */
type Window = Pick<Period, "id" | "start" | "end"> & { request?: DuePeriod["request"] };

/**
 * The requested period and the regime's periods inside it: one of the regime's frequency or a
 * coarser one (a year of quarters); for a thematic or ad-hoc regime, one request, or a calendar
 * period holding the requests whose windows end in it.
 */
async function periodsOf(
  db: Db,
  regime: RegimeRow,
  id: string,
): Promise<{ outer: Window; periods: Window[] }> {
  if (byRequest(regime)) {
    const request = await findRegimePeriod(db, regime, id);
    if (request) return { outer: request, periods: [request] };
    const outer = calendarPeriod(id, regime.window_rule);
    return { outer, periods: await regimePeriodsEndingBetween(db, regime, outer.start, outer.end) };
  }
  const outer = outerPeriod(regime, id);
  return {
    outer,
    periods: periodsEndingBetween(regime.frequency, regime.window_rule, outer.start, outer.end),
  };
}

/** Any calendar period id (a month, quarter, half, nine months or year). */
function calendarPeriod(id: string, rule: RegimeRow["window_rule"]): Period {
  if (!parsePeriodId(id))
    throw new AppError("validation_failed", {
      errors: [
        {
          path: "/period",
          message: `Chế độ báo cáo không có yêu cầu báo cáo mã ${id}, và ${id} không phải một kỳ (tháng, quý, năm)`,
        },
      ],
    });
  return periodOf(id, rule);
}

/** Months in a period of each frequency. */
const MONTHS: Record<Frequency, number> = {
  monthly: 1,
  quarterly: 3,
  six_monthly: 6,
  nine_monthly: 9,
  annual: 12,
};

/**
 * The requested period: one of the regime's frequency or a coarser one made of whole periods of
 * it (a year of quarters; not nine months of halves, which would hold one half and a part).
 */
function outerPeriod(regime: RegimeRow, id: string): Period {
  const parsed = parsePeriodId(id);
  const own = MONTHS[regime.frequency];
  if (!parsed || MONTHS[parsed.frequency] < own || MONTHS[parsed.frequency] % own !== 0)
    throw new AppError("validation_failed", {
      errors: [
        {
          path: "/period",
          message: `Kỳ ${id} không phải kỳ báo cáo của chế độ này, hoặc kỳ dài hơn gồm trọn các kỳ ấy (tháng → quý → năm)`,
        },
      ],
    });
  return periodOf(id, regime.window_rule);
}

function pickIndicators(template: CompiledTemplate, codes: string[] | undefined) {
  const numeric = [...template.indicators.values()].filter(
    (i) => i.type !== "text" && i.aggregation !== "none",
  );
  if (!codes || codes.length === 0) return numeric;
  const unknown = codes.filter((c) => !numeric.some((i) => i.code === c));
  if (unknown.length > 0)
    throw new AppError("validation_failed", {
      errors: unknown.map((c) => ({
        path: "/indicators",
        message: `Không có chỉ tiêu số cộng dồn được mã ${c}`,
      })),
    });
  return numeric.filter((i) => codes.includes(i.code));
}

type Groups = { of: Map<string, string>; labels: Map<string, string> };

/** Every organization under `rootId` (itself included) → the key of the group it adds into. */
function groupsUnder(tree: Tree, rootId: string, groupBy: GroupBy): Groups {
  const children = new Map<string, string[]>();
  for (const o of tree) {
    if (!o.parentId) continue;
    let list = children.get(o.parentId);
    if (!list) children.set(o.parentId, (list = []));
    list.push(o.id);
  }
  const result = new Map<string, string>([[rootId, rootId]]);
  const walk = (id: string, group: string) => {
    for (const child of children.get(id) ?? []) {
      if (result.has(child)) continue;
      result.set(child, group);
      walk(child, group);
    }
  };
  if (groupBy === "organization")
    for (const child of children.get(rootId) ?? []) {
      result.set(child, child);
      walk(child, child);
    }
  else walk(rootId, rootId);
  return { of: result, labels: new Map() };
}

/** Where units sit: each organization placed in a province, or in a commune of one province. */
type Area = {
  /** The province chosen, or "" for the whole country. */
  code: string;
  name: string;
  /** Organization → its province (whole country) or its commune (one province; the province's own code for units at province level). Units elsewhere are absent. */
  placeOf: Map<string, string>;
  labels: Map<string, string>;
};

const NO_AREA = "Chưa xác định địa bàn";

/**
 * Places organizations by their administrative unit (as in force today): for the whole country in
 * their province, units with no administrative unit under "" ({@link NO_AREA}); for one province,
 * only the units located in it, each in its commune (units at province level in the province
 * itself). A province code the directory does not know is refused.
 */
async function areaOf(
  db: Db,
  tree: Tree,
  province: string | undefined,
  groupBy: GroupBy,
): Promise<Area> {
  const located = tree.filter((o) => o.adminUnitCode);
  const units = await adminUnitsByCode({
    db,
    codes: [...located.map((o) => o.adminUnitCode!), ...(province ? [province] : [])],
  });
  const provinceOf = (code: string) => {
    const unit = units.get(code);
    return unit ? (unit.provinceCode ?? unit.code) : undefined;
  };
  const chosen = province ? units.get(province) : undefined;
  if (province && (!chosen || chosen.level !== "province"))
    throw new AppError("validation_failed", {
      errors: [{ path: "/area", message: `Không có tỉnh, thành phố mã ${province}` }],
    });
  const placeOf = new Map<string, string>();
  const labels = new Map<string, string>([["", NO_AREA]]);
  for (const o of tree) {
    const code = o.adminUnitCode ?? undefined;
    const inProvince = code === undefined ? undefined : provinceOf(code);
    if (chosen) {
      if (inProvince !== chosen.code) continue;
      placeOf.set(o.id, groupBy === "area" ? code! : chosen.code);
    } else placeOf.set(o.id, inProvince ?? "");
  }
  for (const unit of units.values()) labels.set(unit.code, unit.fullName);
  // Provinces of located units, named even when only their communes were read.
  const missing = [...new Set(placeOf.values())].filter((c) => c && !labels.has(c));
  for (const unit of (await adminUnitsByCode({ db, codes: missing })).values())
    labels.set(unit.code, unit.fullName);
  return { code: chosen?.code ?? "", name: chosen?.fullName ?? "", placeOf, labels };
}

/**
 * Whether values must be added up per combination of options: to break a total down by a
 * category, to average a disaggregated indicator (its total is the sum of per-option averages),
 * or for a formula that reads options (`CC{nu}`). Otherwise one total per indicator is enough,
 * and the database groups five or ten times fewer rows.
 */
function needsCombinations(
  template: CompiledTemplate,
  indicators: Indicator[],
  category: string | null,
): boolean {
  if (category !== null) return true;
  const seen = new Set<string>();
  const visit = (code: string): boolean => {
    if (seen.has(code)) return false;
    seen.add(code);
    const indicator = template.indicators.get(code);
    if (indicator?.aggregation === "average" && (indicator.categories ?? []).length > 0)
      return true;
    const formula = template.formulas.get(code);
    return formula ? references(formula).some((r) => r.options.length > 0 || visit(r.code)) : false;
  };
  return indicators.some((i) => visit(i.code));
}

type SumRow = {
  grp: string;
  period_id: string;
  indicator: string;
  combination: string;
  total: number;
  n: number;
};

/**
 * The one query: values of the chosen reports, summed (and counted) per group, indicator and
 * combination — and per period when asked. Units and their groups go in as two arrays, joined
 * with `unnest`, so the database does one pass over the regime's values for those periods.
 */
async function sumValues(
  db: Db,
  q: {
    regimeId: string;
    periods: string[];
    units: string[];
    groups: string[];
    statuses: string[];
    byPeriod: boolean;
    byCombination: boolean;
  },
): Promise<SumRow[]> {
  if (q.periods.length === 0 || q.units.length === 0) return [];
  // A constant may not stand in GROUP BY: a column is grouped on only when it is selected.
  const period = q.byPeriod ? sql`v.period_id` : sql`''::text`;
  const byPeriod = q.byPeriod ? sql`, v.period_id` : sql``;
  const combination = q.byCombination ? sql`v.combination` : sql`''::text`;
  const byCombination = q.byCombination ? sql`, v.combination` : sql``;
  const { rows } = await sql<SumRow>`
    select u.grp, ${period} as period_id, v.indicator, ${combination} as combination,
      sum(v.value)::float8 as total, count(*)::int as n
    from rpt_values v
    join unnest(${q.units}::uuid[], ${q.groups}::text[]) as u(org, grp) on u.org = v.organization_id
    join rpt_reports r on r.id = v.report_id
    where v.regime_id = ${q.regimeId} and v.period_id = any(${q.periods}::text[])
      and v.value is not null and r.status = any(${q.statuses}::text[])
    group by u.grp, v.indicator${byPeriod}${byCombination}`.execute(db);
  return rows;
}

/**
 * Each indicator's aggregated value per combination (one per indicator when the rows are not per
 * combination): stocks take their latest period with data, averages average, the rest add up.
 */
function valuesOf(template: CompiledTemplate, rows: SumRow[]): NumericValue[] {
  // Stocks take their latest period with data; everything else adds up over periods.
  const latest = new Map<string, string>();
  for (const r of rows) {
    const kind = template.indicators.get(r.indicator)?.aggregation;
    if (kind !== "last") continue;
    if ((latest.get(r.indicator) ?? "") < r.period_id) latest.set(r.indicator, r.period_id);
  }
  const merged = new Map<string, { total: number; n: number }>();
  for (const r of rows) {
    const kind = template.indicators.get(r.indicator)?.aggregation;
    if (kind === "last" && r.period_id !== latest.get(r.indicator)) continue;
    const key = `${r.indicator}\n${r.combination}`;
    const cell = merged.get(key) ?? { total: 0, n: 0 };
    cell.total += r.total;
    cell.n += r.n;
    merged.set(key, cell);
  }
  return [...merged].map(([key, { total, n }]) => {
    const [indicator, combination] = key.split("\n") as [string, string];
    const average = template.indicators.get(indicator)?.aggregation === "average";
    return { indicator, combination, value: average ? total / n : total };
  });
}

/** Cells of one row: each indicator's total, and its value per option of `category` if it has it. */
function cellsOf(
  template: CompiledTemplate,
  indicators: (Indicator & { categories?: string[] | undefined })[],
  category: string | null,
  values: NumericValue[],
): AggregateCell[] {
  const lookup = lookupOver(template, values);
  const options = category ? template.categories.get(category)!.options.map((o) => o.code) : [];
  const cells: AggregateCell[] = [];
  for (const indicator of indicators) {
    cells.push({
      indicator: indicator.code,
      option: null,
      value: lookup({ code: indicator.code, options: [] }),
    });
    const computed = template.formulas.has(indicator.code);
    if (category && !computed && (indicator.categories ?? []).includes(category))
      for (const option of options)
        cells.push({
          indicator: indicator.code,
          option,
          value: lookup({ code: indicator.code, options: [option] }),
        });
  }
  return cells;
}

type ReportState = {
  organization_id: string;
  period_id: string;
  status: string;
  late: boolean | null;
};

/** The standing of every report of the regime in these periods. */
async function reportsOf(db: Db, regimeId: string, periods: Window[]) {
  if (periods.length === 0) return new Map<string, ReportState>();
  const { rows } = await sql<ReportState>`
    select organization_id, period_id, status, late from rpt_reports
    where regime_id = ${regimeId} and period_id = any(${periods.map((p) => p.id)}::text[])`.execute(
    db,
  );
  return new Map(rows.map((r) => [`${r.period_id}\n${r.organization_id}`, r]));
}

/**
 * Completeness and timeliness per group: units expected to report in each period (the regime's
 * rule, among those added up), those that submitted (submitted or accepted), on time, and accepted.
 */
function completenessOf(
  reports: Map<string, ReportState>,
  expected: ReportingUnit[],
  periods: Window[],
  groupOf: Map<string, string>,
  groupBy: GroupBy,
): Map<string, Completeness> {
  const result = new Map<string, Completeness>();
  for (const p of periods)
    for (const unit of expected) {
      if (!asks(p, unit.id)) continue;
      const key =
        groupBy === "organization" || groupBy === "unit" || groupBy === "area"
          ? groupOf.get(unit.id)!
          : groupBy === "period"
            ? p.id
            : "";
      const c = result.get(key) ?? { expected: 0, submitted: 0, onTime: 0, accepted: 0 };
      c.expected += 1;
      const report = reports.get(`${p.id}\n${unit.id}`);
      if (report && (report.status === "submitted" || report.status === "accepted")) {
        c.submitted += 1;
        if (report.late === false) c.onTime += 1;
        if (report.status === "accepted") c.accepted += 1;
      }
      result.set(key, c);
    }
  return result;
}

function sumCompleteness(all: Completeness[]): Completeness {
  return all.reduce(
    (a, c) => ({
      expected: a.expected + c.expected,
      submitted: a.submitted + c.submitted,
      onTime: a.onTime + c.onTime,
      accepted: a.accepted + c.accepted,
    }),
    { expected: 0, submitted: 0, onTime: 0, accepted: 0 },
  );
}
