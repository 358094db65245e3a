import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkValue,
  compileTemplate,
  type CompiledTemplate,
  type TemplateDefinition,
} from "./template.ts";
import { SEX } from "./testing.ts";

/** Civil servants by rank, sex and age group: the shape of a Home Affairs statistical form. */
const civilServants = (): TemplateDefinition => ({
  sections: [
    { code: "TINH_HINH", title: "Tình hình thực hiện", required: true },
    { code: "KIEN_NGHI", title: "Kiến nghị, đề xuất" },
  ],
  categories: [
    SEX,
    {
      code: "NHOM_TUOI",
      name: "Nhóm tuổi",
      options: [
        { code: "duoi_30", name: "Dưới 30" },
        { code: "30_50", name: "Từ 30 đến 50" },
        { code: "tren_50", name: "Trên 50" },
      ],
    },
  ],
  forms: [
    {
      code: "BIEU_01",
      title: "Số lượng công chức",
      indicators: [
        {
          code: "CC",
          name: "Công chức",
          type: "integer",
          unit: "người",
          min: 0,
          categories: ["GIOI_TINH", "NHOM_TUOI"],
          required: true,
        },
        { code: "CC_DANG_VIEN", name: "Công chức là đảng viên", type: "integer", min: 0 },
        { code: "TY_LE_NU", name: "Tỷ lệ nữ", type: "percent", formula: "CC{nu} / CC * 100" },
        { code: "GHI_CHU", name: "Ghi chú", type: "text" },
      ],
    },
  ],
  rules: [
    {
      code: "DANG_VIEN_TOI_DA",
      left: "CC_DANG_VIEN",
      operator: "<=",
      right: "CC",
      message: "Số đảng viên không được lớn hơn tổng số công chức",
    },
  ],
});

const compiled = (definition: TemplateDefinition): CompiledTemplate => {
  const result = compileTemplate(definition);
  assert.ok("template" in result, JSON.stringify(result));
  return result.template;
};

const errorsOf = (definition: TemplateDefinition) => {
  const result = compileTemplate(definition);
  assert.ok("errors" in result, "the template should be refused");
  return result.errors;
};

describe("reports: templates", () => {
  it("compiles a form with disaggregations, a computed indicator and a rule", () => {
    const template = compiled(civilServants());
    assert.deepEqual(template.indicators.get("CC")!.combinations, [
      "nam.duoi_30",
      "nam.30_50",
      "nam.tren_50",
      "nu.duoi_30",
      "nu.30_50",
      "nu.tren_50",
    ]);
    assert.deepEqual(template.indicators.get("CC_DANG_VIEN")!.combinations, [""]);
    assert.ok(template.formulas.has("TY_LE_NU"));
    assert.equal(template.rules.length, 1);
  });

  it("names every problem of a bad template with its path", () => {
    const definition = civilServants();
    definition.categories.push({ code: "GIOI_TINH", name: "Trùng", options: [] });
    const form = definition.forms[0]!;
    form.indicators.push(
      { code: "CC", name: "Trùng mã", type: "integer" },
      { code: "SAI PHAN TO", name: "Mã sai", type: "integer", categories: ["KHONG_CO"] },
      { code: "KHOANG", name: "Khoảng ngược", type: "number", min: 5, max: 1 },
      { code: "VONG_A", name: "Vòng", type: "number", formula: "VONG_B + 1" },
      { code: "VONG_B", name: "Vòng", type: "number", formula: "VONG_A * 2" },
      { code: "CHU", name: "Chữ có công thức", type: "text", formula: "CC" },
    );
    definition.rules.push(
      { code: "R1", left: "CC{nu,cao_tuoi}", operator: ">=", right: "0", message: "x" },
      { code: "R2", left: "GHI_CHU", operator: "=>" as "==", right: "(1", message: " " },
    );
    const errors = errorsOf(definition);
    const at = (path: string) => errors.filter((e) => e.path === path).map((e) => e.message);
    assert.deepEqual(at("/categories/2/code"), ["Mã GIOI_TINH bị trùng"]);
    assert.deepEqual(at("/categories/2/options"), ["Phân tổ cần ít nhất một phương án"]);
    assert.deepEqual(at("/forms/0/indicators/4/code"), ["Mã CC bị trùng"]);
    assert.match(at("/forms/0/indicators/5/code")[0]!, /Mã chỉ gồm chữ không dấu/);
    assert.deepEqual(at("/forms/0/indicators/5/categories/0"), ["Không có phân tổ KHONG_CO"]);
    assert.deepEqual(at("/forms/0/indicators/6/max"), [
      "Giá trị lớn nhất nhỏ hơn giá trị nhỏ nhất",
    ]);
    assert.deepEqual(at("/forms/0/indicators/9/formula"), ["Chỉ tiêu tính toán phải có kiểu số"]);
    assert.match(at("/forms")[0]!, /Công thức tham chiếu vòng: VONG_A → VONG_B → VONG_A/);
    assert.deepEqual(at("/rules/1/left"), ["Chỉ tiêu CC không có phương án phân tổ cao_tuoi"]);
    assert.deepEqual(at("/rules/2/operator"), ["Phép so sánh là một trong == != < <= > >="]);
    assert.deepEqual(at("/rules/2/message"), ["Cần thông báo khi quy tắc không đạt"]);
    assert.deepEqual(at("/rules/2/left"), ["Chỉ tiêu GHI_CHU không phải kiểu số"]);
    assert.match(at("/rules/2/right")[0]!, /Thiếu dấu đóng ngoặc/);
  });

  it("checks each entered value against its indicator", () => {
    const template = compiled(civilServants());
    const check = (indicator: string, combination: string, value: unknown) =>
      checkValue(template, { indicator, combination, value });
    assert.deepEqual(check("CC", "nu.duoi_30", "12"), { value: 12 });
    assert.deepEqual(check("CC", "nu.duoi_30", 12), { value: 12 });
    assert.deepEqual(check("GHI_CHU", "", "  Đủ biên chế "), { value: "Đủ biên chế" });
    const refused = (indicator: string, combination: string, value: unknown) => {
      const result = check(indicator, combination, value);
      assert.ok("refused" in result, `${indicator} ${String(value)} should be refused`);
      return result.refused;
    };
    assert.equal(refused("CC", "nu.duoi_30", "mười"), 'Giá trị "mười" không phải là số');
    assert.equal(refused("CC", "nu.duoi_30", ""), 'Giá trị "" không phải là số');
    assert.equal(refused("CC", "nu.duoi_30", 1.5), "Giá trị 1.5 phải là số nguyên");
    assert.equal(refused("CC", "nu.duoi_30", -1), "Giá trị -1 nhỏ hơn mức tối thiểu 0");
    assert.equal(refused("CC", "", 1), "Chỉ tiêu CC cần nhập theo phân tổ");
    assert.equal(refused("CC", "nu", 1), "Chỉ tiêu CC không có tổ hợp phân tổ nu");
    assert.equal(refused("KHONG_CO", "", 1), "Không có chỉ tiêu KHONG_CO trong mẫu báo cáo");
    assert.equal(refused("TY_LE_NU", "", 50), "Chỉ tiêu TY_LE_NU được tính tự động, không nhập");
    assert.equal(refused("CC_DANG_VIEN", "", Infinity), 'Giá trị "Infinity" không phải là số');
  });
});
