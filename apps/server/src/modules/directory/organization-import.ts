import { requireRole, type Actor } from "../../core/actor.ts";
import { recordAudit } from "../../core/audit.ts";
import type { Db } from "../../core/db/index.ts";
import { AppError, type FieldError } from "../../core/errors.ts";
import { AGENCY_CODE } from "./agency-code.ts";
import { createOrganization, type RequestMeta } from "./organization-changes.ts";
import { selectActiveOrganizationsByCodes } from "./organizations-repo.ts";
import type { OrganizationImportItem } from "./schema.ts";
import { inTransaction } from "./transaction.ts";

export type ImportOrganizationsOptions = {
  db: Db;
  actor: Actor | null | undefined;
  items: OrganizationImportItem[];
  requestMeta?: RequestMeta;
};

/**
 * Creates many organizations at once, all or nothing: every row is checked first and all problems
 * are reported together; then all rows are written in one transaction. A row names its parent by
 * code, either an existing active organization or another row of the same import (in any order).
 */
export async function importOrganizations({
  db,
  actor,
  items,
  requestMeta,
}: ImportOrganizationsOptions): Promise<{ created: number }> {
  const known = requireRole(actor, "system_admin");
  const rows = items.map((item) => ({
    ...item,
    code: item.code.trim(),
    parentCode: item.parentCode?.trim() || null,
  }));
  return inTransaction(db, async (trx) => {
    const errors: FieldError[] = [];
    const index = new Map<string, number>();
    rows.forEach((row, i) => {
      if (!AGENCY_CODE.test(row.code))
        errors.push({ path: `body.items.${i}.code`, message: "expected AAA.BB.CC.Lnn" });
      else if (index.has(row.code))
        errors.push({ path: `body.items.${i}.code`, message: "repeated within the import" });
      else index.set(row.code, i);
    });
    const referenced = [
      ...new Set(rows.flatMap((row) => [row.code, ...(row.parentCode ? [row.parentCode] : [])])),
    ];
    const existing = new Map(
      (await selectActiveOrganizationsByCodes(trx, referenced)).map((org) => [org.code, org.id]),
    );
    rows.forEach((row, i) => {
      if (existing.has(row.code))
        errors.push({
          path: `body.items.${i}.code`,
          message: "already held by an active organization",
        });
      if (row.parentCode && !existing.has(row.parentCode) && !index.has(row.parentCode)) {
        errors.push({ path: `body.items.${i}.parentCode`, message: "unknown parent code" });
      }
    });
    const order = errors.length === 0 ? parentsFirst(rows, index, errors) : [];
    if (errors.length > 0) {
      throw new AppError("unprocessable", {
        errors,
        detail: {
          vi: `Tệp nhập có ${errors.length} lỗi; không cơ quan nào được tạo.`,
          en: `The import has ${errors.length} problem(s); no organization was created.`,
        },
      });
    }
    const ids = new Map(existing);
    for (const i of order) {
      const { parentCode, ...row } = rows[i]!;
      const input = { ...row, parentId: parentCode ? ids.get(parentCode) : null };
      const created = await createOrganization({ db: trx, actor: known, input, requestMeta });
      ids.set(created.code, created.id);
    }
    await recordAudit(trx, {
      action: "directory.organizations_imported",
      actor: known,
      ip: requestMeta?.ip,
      requestId: requestMeta?.requestId,
      details: { created: order.length },
    });
    return { created: order.length };
  });
}

/** Orders rows so that each comes after its parent; rows that are their own ancestors are errors. */
function parentsFirst(
  rows: { code: string; parentCode: string | null }[],
  index: Map<string, number>,
  errors: FieldError[],
): number[] {
  const order: number[] = [];
  const state = new Map<number, "visiting" | "done">();
  const visit = (i: number): boolean => {
    if (state.get(i) === "done") return true;
    if (state.get(i) === "visiting") return false;
    state.set(i, "visiting");
    const parent = rows[i]!.parentCode;
    const parentIndex = parent ? index.get(parent) : undefined;
    if (parentIndex !== undefined && !visit(parentIndex)) return false;
    state.set(i, "done");
    order.push(i);
    return true;
  };
  rows.forEach((_row, i) => {
    if (!visit(i))
      errors.push({ path: `body.items.${i}.parentCode`, message: "parent chain forms a cycle" });
  });
  return order;
}
