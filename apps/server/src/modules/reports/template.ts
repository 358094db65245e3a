import type { FieldError } from "../../core/errors.ts";
import { ExpressionError, parseExpression, references, type Expression } from "./expression.ts";

/**
 * A report template (mẫu báo cáo) of a regime: the narrative outline (đề cương) and the data forms
 * (biểu mẫu) with their indicators, the disaggregation categories they use, and the validation
 * rules. Templates are versioned; a published version never changes, and every submission names
 * the version it used.
 */
export type TemplateDefinition = {
  /** Narrative sections the reporting unit writes (đề cương). */
  sections: Section[];
  /** Disaggregation categories (phân tổ), e.g. sex, age group; shared by the forms. */
  categories: Category[];
  /** Data forms (biểu mẫu). */
  forms: Form[];
  /** Validation rules checked on every submission. */
  rules: ValidationRule[];
};

export type Section = { code: string; title: string; guidance?: string; required?: boolean };

export type Category = { code: string; name: string; options: { code: string; name: string }[] };

export type Form = { code: string; title: string; indicators: Indicator[] };

export type ValueType = "integer" | "number" | "percent" | "text" | "boolean";

export type Indicator = {
  code: string;
  name: string;
  type: ValueType;
  unit?: string;
  /** Allowed range, inclusive, for numeric types. */
  min?: number;
  max?: number;
  /** Disaggregation: one value per combination of these categories' options (in this order). */
  categories?: string[];
  /**
   * A computed indicator: a formula over other indicators (`expression.ts`); never entered,
   * evaluated on each unit's values and on aggregates alike.
   */
  formula?: string;
  /**
   * How values add up. `sum` (default): over units and periods. `average`: the mean over units
   * and periods. `last`: a stock (e.g. civil servants at the cut-off) — summed over units, the
   * latest period over time. `none`: never added up (shown per unit only).
   */
  aggregation?: "sum" | "average" | "last" | "none";
  /** A value must be given (for each combination) before the report can be submitted. */
  required?: boolean;
};

export type RuleOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

export type ValidationRule = {
  code: string;
  left: string;
  operator: RuleOperator;
  right: string;
  /** Shown to the reporting officer when the rule fails. */
  message: string;
};

const CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const OPTION_CODE = /^[A-Za-z0-9][A-Za-z0-9_]{0,63}$/;
const NUMERIC: ReadonlySet<ValueType> = new Set(["integer", "number", "percent"]);
const OPERATORS: ReadonlySet<string> = new Set(["==", "!=", "<", "<=", ">", ">="]);
/** The most combinations one indicator may have (5 categories of 10 options are 100,000). */
export const MAX_COMBINATIONS = 10_000;

/** A template checked and indexed: indicators by code, parsed formulas and rules. */
export type CompiledTemplate = {
  definition: TemplateDefinition;
  indicators: Map<string, Indicator & { form: string; combinations: string[] }>;
  categories: Map<string, Category>;
  formulas: Map<string, Expression>;
  rules: { rule: ValidationRule; left: Expression; right: Expression }[];
};

/**
 * The key of one combination of category options: option codes in the indicator's category
 * order, joined by `.`; the empty string for an indicator without disaggregation.
 */
export function combinationKey(options: readonly string[]): string {
  return options.join(".");
}

/**
 * Checks a template definition whole and returns every problem with its JSON path, in Vietnamese:
 * unique codes, known categories, sensible ranges, formulas that parse and name known indicators
 * and options without cycles, rules over numeric indicators. Returns the compiled template when
 * there is no problem.
 */
export function compileTemplate(
  definition: TemplateDefinition,
): { template: CompiledTemplate } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const problem = (path: string, message: string) => errors.push({ path, message });
  const unique = (path: string, seen: Set<string>, code: string, pattern = CODE) => {
    if (!pattern.test(code)) problem(path, "Mã chỉ gồm chữ không dấu, chữ số và dấu gạch dưới");
    else if (seen.has(code)) problem(path, `Mã ${code} bị trùng`);
    seen.add(code);
  };

  const sectionCodes = new Set<string>();
  definition.sections.forEach((s, i) => unique(`/sections/${i}/code`, sectionCodes, s.code));

  const categories = new Map<string, Category>();
  definition.categories.forEach((category, i) => {
    unique(`/categories/${i}/code`, new Set(categories.keys()), category.code);
    if (category.options.length === 0)
      problem(`/categories/${i}/options`, "Phân tổ cần ít nhất một phương án");
    const options = new Set<string>();
    category.options.forEach((o, j) =>
      unique(`/categories/${i}/options/${j}/code`, options, o.code, OPTION_CODE),
    );
    if (!categories.has(category.code)) categories.set(category.code, category);
  });

  const indicators: CompiledTemplate["indicators"] = new Map();
  if (definition.forms.length === 0) problem("/forms", "Mẫu báo cáo cần ít nhất một biểu");
  const formCodes = new Set<string>();
  definition.forms.forEach((form, f) => {
    unique(`/forms/${f}/code`, formCodes, form.code);
    form.indicators.forEach((indicator, i) => {
      const path = `/forms/${f}/indicators/${i}`;
      unique(`${path}/code`, new Set(indicators.keys()), indicator.code);
      const numeric = NUMERIC.has(indicator.type);
      if (!numeric && (indicator.min !== undefined || indicator.max !== undefined))
        problem(`${path}/min`, "Chỉ chỉ tiêu kiểu số mới có khoảng giá trị");
      if (
        indicator.min !== undefined &&
        indicator.max !== undefined &&
        indicator.min > indicator.max
      )
        problem(`${path}/max`, "Giá trị lớn nhất nhỏ hơn giá trị nhỏ nhất");
      if (indicator.formula !== undefined && !numeric)
        problem(`${path}/formula`, "Chỉ tiêu tính toán phải có kiểu số");
      const used = indicator.categories ?? [];
      if (new Set(used).size !== used.length)
        problem(`${path}/categories`, "Một phân tổ được dùng hai lần");
      let combinations = [""];
      used.forEach((code, c) => {
        const category = categories.get(code);
        if (!category) return problem(`${path}/categories/${c}`, `Không có phân tổ ${code}`);
        combinations = combinations.flatMap((prefix) =>
          category.options.map((o) => (prefix ? `${prefix}.${o.code}` : o.code)),
        );
      });
      if (combinations.length > MAX_COMBINATIONS)
        problem(`${path}/categories`, `Quá ${MAX_COMBINATIONS} tổ hợp phân tổ`);
      if (!indicators.has(indicator.code))
        indicators.set(indicator.code, { ...indicator, form: form.code, combinations });
    });
  });

  // Formulas and rules: parsed, references known (code, and options of its categories).
  const formulas = new Map<string, Expression>();
  const compile = (path: string, source: string): Expression | undefined => {
    let expression: Expression;
    try {
      expression = parseExpression(source);
    } catch (error) {
      if (error instanceof ExpressionError) return void problem(path, error.message);
      throw error;
    }
    for (const ref of references(expression)) {
      const target = indicators.get(ref.code);
      if (!target) {
        problem(path, `Không có chỉ tiêu ${ref.code}`);
        continue;
      }
      if (!NUMERIC.has(target.type)) problem(path, `Chỉ tiêu ${ref.code} không phải kiểu số`);
      const options = new Set(
        (target.categories ?? []).flatMap(
          (code) => categories.get(code)?.options.map((o) => o.code) ?? [],
        ),
      );
      for (const option of ref.options)
        if (!options.has(option))
          problem(path, `Chỉ tiêu ${ref.code} không có phương án phân tổ ${option}`);
    }
    return expression;
  };
  definition.forms.forEach((form, f) =>
    form.indicators.forEach((indicator, i) => {
      if (indicator.formula === undefined) return;
      const expression = compile(`/forms/${f}/indicators/${i}/formula`, indicator.formula);
      if (expression) formulas.set(indicator.code, expression);
    }),
  );
  const cycle = formulaCycle(formulas);
  if (cycle) problem("/forms", `Công thức tham chiếu vòng: ${cycle.join(" → ")}`);

  const rules: CompiledTemplate["rules"] = [];
  const ruleCodes = new Set<string>();
  definition.rules.forEach((rule, r) => {
    const path = `/rules/${r}`;
    unique(`${path}/code`, ruleCodes, rule.code);
    if (!OPERATORS.has(rule.operator))
      problem(`${path}/operator`, "Phép so sánh là một trong == != < <= > >=");
    if (!rule.message.trim()) problem(`${path}/message`, "Cần thông báo khi quy tắc không đạt");
    const left = compile(`${path}/left`, rule.left);
    const right = compile(`${path}/right`, rule.right);
    if (left && right) rules.push({ rule, left, right });
  });

  if (errors.length > 0) return { errors };
  return { template: { definition, indicators, categories, formulas, rules } };
}

/** A cycle among computed indicators (`A = B + 1`, `B = A`), as the codes along it, if any. */
function formulaCycle(formulas: Map<string, Expression>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (code: string): string[] | undefined => {
    if (state.get(code) === "done") return undefined;
    if (state.get(code) === "visiting") return [...path.slice(path.indexOf(code)), code];
    const expression = formulas.get(code);
    if (!expression) return undefined;
    state.set(code, "visiting");
    path.push(code);
    for (const ref of references(expression)) {
      const found = visit(ref.code);
      if (found) return found;
    }
    path.pop();
    state.set(code, "done");
    return undefined;
  };
  for (const code of formulas.keys()) {
    const found = visit(code);
    if (found) return found;
  }
  return undefined;
}

/**
 * Why a cell (indicator and combination) cannot be entered, if it cannot: an unknown indicator, a
 * computed one, or a combination that is not one of the indicator's.
 */
export function checkCell(
  template: CompiledTemplate,
  input: { indicator: string; combination: string },
): string | undefined {
  const indicator = template.indicators.get(input.indicator);
  if (!indicator) return `Không có chỉ tiêu ${input.indicator} trong mẫu báo cáo`;
  if (indicator.formula !== undefined)
    return `Chỉ tiêu ${indicator.code} được tính tự động, không nhập`;
  if (!indicator.combinations.includes(input.combination))
    return input.combination
      ? `Chỉ tiêu ${indicator.code} không có tổ hợp phân tổ ${input.combination}`
      : `Chỉ tiêu ${indicator.code} cần nhập theo phân tổ`;
  return undefined;
}

/**
 * Checks one entered value against its indicator: its type, its range, and that the combination
 * is one of the indicator's. Returns the value as stored (a number, or text) or the reason it is
 * refused, in Vietnamese. A computed indicator is never entered.
 */
export function checkValue(
  template: CompiledTemplate,
  input: { indicator: string; combination: string; value: unknown },
): { value: number | string } | { refused: string } {
  const cell = checkCell(template, input);
  if (cell) return { refused: cell };
  const indicator = template.indicators.get(input.indicator)!;
  const raw = typeof input.value === "string" ? input.value.trim() : input.value;
  switch (indicator.type) {
    case "text":
      if (typeof raw !== "string" && typeof raw !== "number")
        return { refused: "Giá trị phải là văn bản" };
      if (String(raw).length > 10_000) return { refused: "Văn bản dài quá 10.000 ký tự" };
      return { value: String(raw) };
    case "boolean":
      if (raw === true || raw === "true" || raw === 1 || raw === "1") return { value: 1 };
      if (raw === false || raw === "false" || raw === 0 || raw === "0") return { value: 0 };
      return { refused: "Giá trị phải là có (true) hoặc không (false)" };
    default: {
      const number =
        typeof raw === "number" ? raw : typeof raw === "string" && raw !== "" ? Number(raw) : NaN;
      if (!Number.isFinite(number)) return { refused: `Giá trị "${String(raw)}" không phải là số` };
      if (indicator.type === "integer" && !Number.isInteger(number))
        return { refused: `Giá trị ${number} phải là số nguyên` };
      if (indicator.min !== undefined && number < indicator.min)
        return { refused: `Giá trị ${number} nhỏ hơn mức tối thiểu ${indicator.min}` };
      if (indicator.max !== undefined && number > indicator.max)
        return { refused: `Giá trị ${number} lớn hơn mức tối đa ${indicator.max}` };
      return { value: number };
    }
  }
}
