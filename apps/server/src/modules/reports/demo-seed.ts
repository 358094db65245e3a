import type { Actor } from "../../core/actor.ts";
import type { ModuleContext } from "../../core/module.ts";
import { DEMO_HOME_AFFAIRS_CODE, findOrganizationByCode } from "../directory/index.ts";
import { createRegime, reportingOrganizations, setRegimeStatus } from "./regimes.ts";
import { selectRegimeByCode } from "./repo.ts";
import { ensureReport } from "./report-open.ts";
import { recordReview } from "./review.ts";
import { recordSubmission, storeReport, type ValueInput } from "./submissions.ts";
import type { TemplateDefinition } from "./template.ts";
import { publishTemplate, saveDraftTemplate } from "./templates.ts";

const SEED_ACTOR: Actor = { kind: "system", name: "seed" };
export const DEMO_REGIME_CODE = "BNV-TK-CCVC-6T";
const DEMO_PERIOD = "2026S1";

const RANKS = [
  { code: "cvcc", name: "Chuyên viên cao cấp và tương đương" },
  { code: "cvc", name: "Chuyên viên chính và tương đương" },
  { code: "cv", name: "Chuyên viên và tương đương" },
  { code: "cs", name: "Cán sự, nhân viên" },
];
const AGES = [
  { code: "duoi_30", name: "Dưới 30 tuổi" },
  { code: "30_40", name: "Từ 30 đến 40 tuổi" },
  { code: "41_50", name: "Từ 41 đến 50 tuổi" },
  { code: "51_60", name: "Từ 51 đến 60 tuổi" },
  { code: "tren_60", name: "Trên 60 tuổi" },
];

/**
 * A six-monthly statistical report modelled on the Ministry of Home Affairs' regime (Thông tư
 * 18/2025/TT-BNV): civil servants of each province's Department of Home Affairs' province by
 * rank, sex and age group, recruitments and retirements, the share of women computed, and a rule.
 */
export const DEMO_TEMPLATE: TemplateDefinition = {
  sections: [
    { code: "TINH_HINH", title: "Tình hình quản lý đội ngũ công chức", required: true },
    { code: "KIEN_NGHI", title: "Khó khăn, vướng mắc và kiến nghị" },
  ],
  categories: [
    { code: "NGACH", name: "Ngạch công chức", options: RANKS },
    {
      code: "GIOI_TINH",
      name: "Giới tính",
      options: [
        { code: "nam", name: "Nam" },
        { code: "nu", name: "Nữ" },
      ],
    },
    { code: "NHOM_TUOI", name: "Nhóm tuổi", options: AGES },
  ],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng công chức theo ngạch, giới tính và độ tuổi",
      indicators: [
        {
          code: "CC",
          name: "Số lượng công chức",
          type: "integer",
          unit: "người",
          min: 0,
          max: 200_000,
          categories: ["NGACH", "GIOI_TINH", "NHOM_TUOI"],
          aggregation: "last",
          required: true,
        },
        {
          code: "TY_LE_NU",
          name: "Tỷ lệ công chức nữ",
          type: "percent",
          unit: "%",
          formula: "CC{nu} / CC * 100",
        },
      ],
    },
    {
      code: "BIEU_02",
      title: "Biến động trong kỳ",
      indicators: [
        { code: "TUYEN_DUNG", name: "Tuyển dụng trong kỳ", type: "integer", unit: "người", min: 0 },
        { code: "NGHI_HUU", name: "Nghỉ hưu trong kỳ", type: "integer", unit: "người", min: 0 },
      ],
    },
  ],
  rules: [
    {
      code: "NGHI_HUU_TOI_DA",
      left: "NGHI_HUU",
      operator: "<=",
      right: "CC",
      message: "Số nghỉ hưu trong kỳ không vượt quá số công chức",
    },
  ],
};

/** A small deterministic generator, so every demo installation shows the same figures. */
function numbers(seed: number) {
  let state = seed >>> 0 || 1;
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state % max;
  };
}

/** One province's values: a few hundred civil servants spread over ranks, sexes and ages. */
function provinceValues(index: number): ValueInput[] {
  const next = numbers(index * 7919 + 17);
  const values: ValueInput[] = [];
  const rankSize = [4, 30, 90, 25];
  const ageShare = [12, 28, 30, 26, 4];
  RANKS.forEach((rank, r) =>
    ["nam", "nu"].forEach((sex) =>
      AGES.forEach((age, a) =>
        values.push({
          indicator: "CC",
          combination: `${rank.code}.${sex}.${age.code}`,
          value: Math.round((rankSize[r]! * ageShare[a]!) / 40) + next(8),
        }),
      ),
    ),
  );
  values.push({ indicator: "TUYEN_DUNG", value: 3 + next(12) });
  values.push({ indicator: "NGHI_HUU", value: 1 + next(8) });
  return values;
}

/**
 * The demo regime, in force, with the first half of 2026 reported by every province's Department
 * of Home Affairs (signed submissions, most on time, all accepted), so the aggregates and the
 * completeness grid are full on first start. Idempotent.
 */
export async function seedReportsDemo(ctx: ModuleContext): Promise<void> {
  const { db } = ctx;
  if (await selectRegimeByCode(db, DEMO_REGIME_CODE)) return;
  const ministry = await findOrganizationByCode({ db, code: DEMO_HOME_AFFAIRS_CODE });
  if (!ministry) return;
  const reportingRule = {
    kind: "organization_kind" as const,
    organizationKind: "provincial_department" as const,
    shortName: "SNV",
  };
  const units = await reportingOrganizations(db, reportingRule);
  if (units.length === 0) return;
  const regime = await createRegime({
    db,
    actor: SEED_ACTOR,
    input: {
      code: DEMO_REGIME_CODE,
      name: "Báo cáo thống kê số lượng, chất lượng công chức (6 tháng)",
      legalBasis: "Thông tư 18/2025/TT-BNV (mô phỏng cho bản trình diễn)",
      kind: "periodic",
      frequency: "six_monthly",
      windowRule: "decree09",
      deadlineRule: { kind: "day_of_month", day: 25, monthsAfterEnd: 0 },
      reportingRule,
      receivingOrganizationId: ministry.id,
      effectiveFrom: "2026-01-01",
      description: "Chế độ báo cáo mẫu của bản trình diễn; số liệu kỳ 6 tháng đầu năm 2026.",
    },
  });
  await saveDraftTemplate({
    db,
    actor: SEED_ACTOR,
    regimeId: regime.id,
    definition: DEMO_TEMPLATE,
  });
  await publishTemplate({ db, actor: SEED_ACTOR, regimeId: regime.id });
  await setRegimeStatus({ db, actor: SEED_ACTOR, id: regime.id, status: "active" });
  for (const [index, unit] of units.entries()) {
    const report = await ensureReport({
      db,
      actor: SEED_ACTOR,
      regimeId: regime.id,
      organizationId: unit.id,
      periodId: DEMO_PERIOD,
    });
    await storeReport({
      db,
      actor: SEED_ACTOR,
      id: report.id,
      values: provinceValues(index),
      narrative: {
        TINH_HINH: `${unit.name} đã rà soát, cập nhật số lượng công chức đến ngày chốt số liệu.`,
      },
    });
    // Most on the deadline's morning; every seventh a few days late.
    const day = index % 7 === 6 ? "2026-06-29" : report.deadline;
    await recordSubmission({
      ctx,
      actor: SEED_ACTOR,
      id: report.id,
      now: new Date(`${day}T02:00:00Z`),
    });
    await recordReview({ db, actor: SEED_ACTOR, id: report.id, decision: "accept" });
  }
}
