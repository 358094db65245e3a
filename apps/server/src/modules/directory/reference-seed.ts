import fs from "node:fs";
import type { ModuleContext } from "../../core/module.ts";
import { foldVietnamese } from "../../core/text.ts";
import { upsertAdminUnits } from "./admin-units-repo.ts";
import type { AdminUnitTable } from "./tables.ts";

/** Resolution 202/2025/QH15 (34 provinces, two-level local government) took effect on this day. */
export const ADMIN_UNITS_VALID_FROM = "2025-07-01";

type SourceUnit = {
  Code: string;
  Name: string;
  NameEn: string;
  FullName: string;
  AdministrativeUnitShortName: string;
};
export type SourceProvince = SourceUnit & { Wards: (SourceUnit & { ProvinceCode: string })[] };

/** The bundled unit list (see `data/README.md` for its source and licence). */
export function loadProvinces(): SourceProvince[] {
  const file = new URL("./data/units.json", import.meta.url);
  return JSON.parse(fs.readFileSync(file, "utf8")) as SourceProvince[];
}

function toRow(
  unit: SourceUnit,
  level: "province" | "commune",
  provinceCode: string | null,
): AdminUnitTable {
  return {
    code: unit.Code,
    valid_from: ADMIN_UNITS_VALID_FROM,
    valid_to: null,
    name: unit.Name,
    full_name: unit.FullName,
    name_en: unit.NameEn,
    level,
    unit_type: unit.AdministrativeUnitShortName,
    province_code: provinceCode,
    search_text: foldVietnamese(`${unit.FullName} ${unit.NameEn} ${unit.Code}`),
  };
}

/** Loads the 34 provinces and their communes in one transaction; running it again changes nothing. */
export async function seedAdminUnits(ctx: ModuleContext): Promise<void> {
  const provinces = loadProvinces();
  const rows = provinces.flatMap((province) => [
    toRow(province, "province", null),
    ...province.Wards.map((ward) => toRow(ward, "commune", ward.ProvinceCode)),
  ]);
  await ctx.db.transaction().execute((trx) => upsertAdminUnits(trx, rows));
  ctx.log.info({ units: rows.length }, "administrative units loaded");
}
