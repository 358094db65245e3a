/**
 * Settling the rows of an import before any value is looked at: each row's unit (known, filled by
 * the caller, expected by the regime), its period (one of the regime's that has begun, asked of
 * that unit), the default attribute combination, and one row per cell. A refused row becomes a
 * conflict with its index and reason; the rest come out placed on their cell.
 */
import { vietnamToday } from "@lienthong/calendar";
import type { Db } from "../../core/db/index.ts";
import { AppError, isAppError } from "../../core/errors.ts";
import { listOrganizationTree, organizationSubtreeIds } from "../directory/index.ts";
import type { ImportCaller } from "./import.ts";
import type { DataValueInput, ImportConflict } from "./import-schema.ts";
import { mayFill } from "./report-access.ts";
import { asks, regimePeriod, type DuePeriod } from "./regime-periods.ts";
import { reportingOrganizations } from "./regimes.ts";
import type { RegimeRow } from "./repo.ts";

/** DHIS2's category option combo for "no disaggregation", as its exports spell it. */
const NO_DISAGGREGATION = new Set(["", "default", "HllvX50cXC0"]);

/** A row whose unit, period and rights are settled: the cell it goes to, value not yet checked. */
export type PlacedRow = {
  index: number;
  organizationId: string;
  periodId: string;
  indicator: string;
  combination: string;
  /** `null`: an empty value, which clears the cell. */
  value: unknown;
  sent: string;
  /** A comment sent with the value, trimmed; undefined when none. */
  comment: string | undefined;
};

/**
 * Settles each row's unit, rights, period and cell, refusing the rows that fail. A caller who
 * may fill none of the units named is refused whole (403), not row by row.
 */
export async function placeRows(
  db: Db,
  caller: ImportCaller,
  regime: RegimeRow,
  values: DataValueInput[],
) {
  if (caller.kind === "client" && !caller.organizationId) throw mayFillNone();
  const units = new Map<string, { id: string; code: string }>();
  for (const o of await listOrganizationTree({ db })) {
    units.set(o.id, o);
    units.set(o.code, o);
  }
  const expected = new Set(
    (await reportingOrganizations(db, regime.reporting_rule)).map((u) => u.id),
  );
  const mayFill = fillRule(db, caller);
  const allowed = new Map<string, boolean>();
  const periods = new Map<string, { id: string; period: DuePeriod } | { refused: string }>();
  const today = vietnamToday();
  const seen = new Map<string, number>();
  const rows: PlacedRow[] = [];
  const conflicts: ImportConflict[] = [];
  const codes = new Map<string, string>();

  for (const [index, row] of values.entries()) {
    const sent = row.value === undefined || row.value === null ? "" : String(row.value);
    const refuse = (property: string, object: string, reason: string) =>
      void conflicts.push({ index, object, property, value: sent, reason });
    const indicator = row.dataElement.trim();
    const orgUnit = row.orgUnit?.trim() ?? "";
    const periodId = row.period?.trim() ?? "";
    const combination = row.categoryOptionCombo?.trim() ?? "";
    const attribute = row.attributeOptionCombo?.trim() ?? "";
    if (!indicator) {
      refuse("dataElement", "", "Thiếu mã chỉ tiêu (dataElement)");
      continue;
    }
    if (!orgUnit) {
      refuse("orgUnit", "", "Thiếu đơn vị báo cáo (orgUnit)");
      continue;
    }
    const unit = units.get(orgUnit);
    if (!unit) {
      refuse("orgUnit", orgUnit, `Không có cơ quan ${orgUnit} đang hoạt động`);
      continue;
    }
    if (!allowed.has(unit.id)) allowed.set(unit.id, await mayFill(unit.id));
    if (!allowed.get(unit.id)) {
      refuse("orgUnit", orgUnit, `Không có quyền nhập số liệu của đơn vị ${orgUnit}`);
      continue;
    }
    if (!expected.has(unit.id)) {
      refuse("orgUnit", orgUnit, `Đơn vị ${orgUnit} không thuộc diện báo cáo theo chế độ này`);
      continue;
    }
    if (!periodId) {
      refuse("period", "", "Thiếu kỳ báo cáo (period)");
      continue;
    }
    if (!periods.has(periodId)) periods.set(periodId, await periodOf(db, regime, periodId, today));
    const period = periods.get(periodId)!;
    if ("refused" in period) {
      refuse("period", periodId, period.refused);
      continue;
    }
    if (!asks(period.period, unit.id)) {
      refuse("orgUnit", orgUnit, `Yêu cầu báo cáo ${periodId} không gửi đến đơn vị ${orgUnit}`);
      continue;
    }
    if (!NO_DISAGGREGATION.has(attribute)) {
      refuse("attributeOptionCombo", attribute, "Chỉ nhận tổ hợp thuộc tính mặc định (default)");
      continue;
    }
    const cellKey = NO_DISAGGREGATION.has(combination) ? "" : combination;
    const cell = [unit.id, period.id, indicator, cellKey].join("\n");
    const first = seen.get(cell);
    if (first !== undefined) {
      refuse(
        "dataElement",
        indicator,
        `Giá trị của ${indicator}${cellKey ? ` (${cellKey})` : ""} bị nhập hai lần (lần đầu ở vị trí ${first})`,
      );
      continue;
    }
    seen.set(cell, index);
    codes.set(unit.id, unit.code);
    const empty = sent.trim() === "";
    const comment = row.comment?.trim();
    rows.push({
      index,
      organizationId: unit.id,
      periodId: period.id,
      indicator,
      combination: cellKey,
      value: empty ? null : row.value,
      sent,
      comment: comment || undefined,
    });
  }
  if (allowed.size > 0 && ![...allowed.values()].some(Boolean)) throw mayFillNone();
  return { rows, conflicts, codes };
}

const mayFillNone = () =>
  new AppError("forbidden", {
    detail: {
      vi: "Bạn không có quyền nhập số liệu cho đơn vị nào trong dữ liệu gửi lên.",
      en: "You may not enter values for any unit in this import.",
    },
  });

/** The period, or the reason it is not one of the regime's open periods (`regimePeriod`). */
async function periodOf(db: Db, regime: RegimeRow, id: string, today: string) {
  try {
    const found = await regimePeriod(db, regime, id, today);
    return { id: found.id, period: found };
  } catch (error) {
    if (isAppError(error) && error.detail) return { refused: error.detail.vi };
    throw error;
  }
}

/**
 * Who may fill a unit's report: for a person, the rule of data entry (its reporting officers,
 * administrators over it, system administrators); for an information system, the units of its
 * organization's subtree.
 */
function fillRule(db: Db, caller: ImportCaller): (organizationId: string) => Promise<boolean> {
  if (caller.kind === "client") {
    const scope = caller.organizationId
      ? organizationSubtreeIds({ db, organizationId: caller.organizationId }).then(
          (ids) => new Set(ids),
        )
      : Promise.resolve(new Set<string>());
    return async (organizationId) => (await scope).has(organizationId);
  }
  const { actor } = caller;
  return (organizationId) => mayFill(db, actor, organizationId);
}
