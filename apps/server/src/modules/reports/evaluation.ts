import { evaluate, type Lookup } from "./expression.ts";
import type { CompiledTemplate, RuleOperator } from "./template.ts";

/** A numeric value of an indicator for one combination of options (`""`: no disaggregation). */
export type NumericValue = { indicator: string; combination: string; value: number };

/**
 * A lookup over a set of values: a reference is the sum of its indicator's values whose
 * combination has every option it names; null when there is none. Computed indicators referred
 * to are evaluated (once) on the same values.
 */
export function lookupOver(template: CompiledTemplate, values: readonly NumericValue[]): Lookup {
  const byIndicator = new Map<string, { options: string[]; value: number }[]>();
  for (const v of values) {
    let list = byIndicator.get(v.indicator);
    if (!list) byIndicator.set(v.indicator, (list = []));
    list.push({ options: v.combination ? v.combination.split(".") : [], value: v.value });
  }
  const computed = new Map<string, number | null>();
  const lookup: Lookup = (ref) => {
    const formula = template.formulas.get(ref.code);
    if (formula) {
      if (!computed.has(ref.code)) computed.set(ref.code, evaluate(formula, lookup));
      return computed.get(ref.code)!;
    }
    let sum: number | null = null;
    for (const entry of byIndicator.get(ref.code) ?? [])
      if (ref.options.every((o) => entry.options.includes(o))) sum = (sum ?? 0) + entry.value;
    return sum;
  };
  return lookup;
}

/** Every computed indicator's value over `values` (null where its inputs are missing). */
export function computedValues(
  template: CompiledTemplate,
  values: readonly NumericValue[],
): { indicator: string; value: number | null }[] {
  const lookup = lookupOver(template, values);
  return [...template.formulas.keys()].map((code) => ({
    indicator: code,
    value: lookup({ code, options: [] }),
  }));
}

const COMPARE: Record<RuleOperator, (a: number, b: number) => boolean> = {
  "==": (a, b) => Math.abs(a - b) < 1e-9,
  "!=": (a, b) => Math.abs(a - b) >= 1e-9,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b + 1e-9,
  ">": (a, b) => a > b,
  ">=": (a, b) => a + 1e-9 >= b,
};

export type RuleFailure = {
  code: string;
  message: string;
  left: number | null;
  operator: RuleOperator;
  right: number | null;
};

/**
 * The validation rules that fail on `values`. A side whose data is all missing skips the rule
 * (nothing to compare yet), as DHIS2's "skip if missing" does; a missing side is otherwise 0.
 */
export function failedRules(
  template: CompiledTemplate,
  values: readonly NumericValue[],
): RuleFailure[] {
  const lookup = lookupOver(template, values);
  const failures: RuleFailure[] = [];
  for (const { rule, left, right } of template.rules) {
    const [l, r] = [evaluate(left, lookup), evaluate(right, lookup)];
    if (l === null && r === null) continue;
    if (!COMPARE[rule.operator](l ?? 0, r ?? 0))
      failures.push({
        code: rule.code,
        message: rule.message,
        left: l,
        operator: rule.operator,
        right: r,
      });
  }
  return failures;
}
