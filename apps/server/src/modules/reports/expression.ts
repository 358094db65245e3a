/**
 * The formula language of report templates: computed indicators (`CC_NAM + CC_NU`) and both sides
 * of validation rules (`CC_TONG` `>=` `CC_DANG_VIEN`). An expression is numbers, indicator
 * references, `+ - * /`, unary minus and parentheses.
 *
 * A reference is an indicator code (`CC`: its total over every disaggregation) or a code with
 * category options in braces (`CC{nu}`, `CC{nu,duoi_30}`: the values whose combination has all of
 * those options, summed). Codes are letters, digits and `_`, starting with a letter; option codes
 * the same, also starting with a digit.
 *
 * Missing data is not zero: a reference with no value is `null`, and `null` spreads through
 * arithmetic, except that a sum of terms keeps the known ones when at least one is known (a form
 * where only some rows are filled still adds up). Division by zero is `null`.
 */

export type Reference = { code: string; options: string[] };

export type Expression =
  | { kind: "number"; value: number }
  | { kind: "ref"; ref: Reference }
  | { kind: "neg"; operand: Expression }
  | { kind: "binary"; op: "+" | "-" | "*" | "/"; left: Expression; right: Expression };

/** Why an expression does not parse, with the character position (0-based) where it failed. */
export class ExpressionError extends Error {
  override name = "ExpressionError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 50;
const CODE = /[A-Za-z][A-Za-z0-9_]*/y;
const OPTION = /[A-Za-z0-9][A-Za-z0-9_]*/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Parses an expression; throws `ExpressionError` (in Vietnamese, with the position) otherwise. */
export function parseExpression(source: string): Expression {
  if (source.length > MAX_LENGTH)
    throw new ExpressionError(`Biểu thức dài quá ${MAX_LENGTH} ký tự`, MAX_LENGTH);
  let at = 0;
  let depth = 0;
  const skip = () => {
    while (at < source.length && /\s/.test(source[at]!)) at += 1;
  };
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(source);
    if (!found) return undefined;
    at += found[0].length;
    return found[0];
  };
  const fail = (what: string): never => {
    const near = at < source.length ? `"${source.slice(at, at + 10)}"` : "cuối biểu thức";
    throw new ExpressionError(`${what} tại vị trí ${at + 1} (${near})`, at);
  };

  const primary = (): Expression => {
    skip();
    const char = source[at];
    if (char === "(") {
      at += 1;
      if (++depth > MAX_DEPTH) fail(`Lồng ngoặc quá ${MAX_DEPTH} mức`);
      const inner = sum();
      skip();
      if (source[at] !== ")") fail("Thiếu dấu đóng ngoặc");
      at += 1;
      depth -= 1;
      return inner;
    }
    if (char === "-") {
      at += 1;
      if (++depth > MAX_DEPTH) fail(`Lồng dấu trừ quá ${MAX_DEPTH} mức`);
      const operand = primary();
      depth -= 1;
      return { kind: "neg", operand };
    }
    const number = match(NUMBER);
    if (number !== undefined) {
      const value = Number(number);
      if (!Number.isFinite(value)) fail("Số quá lớn");
      return { kind: "number", value };
    }
    const code = match(CODE);
    if (code === undefined) return fail("Cần một số, một mã chỉ tiêu hoặc dấu mở ngoặc");
    const options: string[] = [];
    skip();
    if (source[at] === "{") {
      at += 1;
      for (;;) {
        skip();
        const option = match(OPTION);
        if (option === undefined) fail("Cần mã phương án phân tổ");
        options.push(option!);
        skip();
        if (source[at] === ",") {
          at += 1;
          continue;
        }
        if (source[at] === "}") {
          at += 1;
          break;
        }
        fail("Cần dấu phẩy hoặc dấu đóng ngoặc nhọn");
      }
    }
    return { kind: "ref", ref: { code, options } };
  };

  const product = (): Expression => {
    let left = primary();
    for (;;) {
      skip();
      const op = source[at];
      if (op !== "*" && op !== "/") return left;
      at += 1;
      left = { kind: "binary", op, left, right: primary() };
    }
  };

  const sum = (): Expression => {
    let left = product();
    for (;;) {
      skip();
      const op = source[at];
      if (op !== "+" && op !== "-") return left;
      at += 1;
      left = { kind: "binary", op, left, right: product() };
    }
  };

  const expression = sum();
  skip();
  if (at < source.length) fail("Ký tự không mong đợi");
  return expression;
}

/** Every reference in the expression, in order of appearance (repeats kept). */
export function references(expression: Expression): Reference[] {
  switch (expression.kind) {
    case "number":
      return [];
    case "ref":
      return [expression.ref];
    case "neg":
      return references(expression.operand);
    case "binary":
      return [...references(expression.left), ...references(expression.right)];
  }
}

/** The value of a reference: the sum of the matching data values, or null when there is none. */
export type Lookup = (ref: Reference) => number | null;

/** Evaluates an expression; see the module comment for how missing data and zero divisors go. */
export function evaluate(expression: Expression, lookup: Lookup): number | null {
  switch (expression.kind) {
    case "number":
      return expression.value;
    case "ref":
      return lookup(expression.ref);
    case "neg": {
      const value = evaluate(expression.operand, lookup);
      return value === null ? null : -value;
    }
    case "binary": {
      const left = evaluate(expression.left, lookup);
      const right = evaluate(expression.right, lookup);
      if (expression.op === "+" || expression.op === "-") {
        if (left === null && right === null) return null;
        const r = right ?? 0;
        return (left ?? 0) + (expression.op === "+" ? r : -r);
      }
      if (left === null || right === null) return null;
      if (expression.op === "*") return left * right;
      return right === 0 ? null : left / right;
    }
  }
}

/** The expression written back in canonical form (single spaces, minimal parentheses). */
export function formatExpression(expression: Expression): string {
  const precedence = (e: Expression) =>
    e.kind === "binary" ? (e.op === "+" || e.op === "-" ? 1 : 2) : 3;
  const wrap = (e: Expression, min: number) =>
    precedence(e) < min ? `(${formatExpression(e)})` : formatExpression(e);
  switch (expression.kind) {
    case "number":
      return String(expression.value);
    case "ref":
      return expression.ref.options.length > 0
        ? `${expression.ref.code}{${expression.ref.options.join(",")}}`
        : expression.ref.code;
    case "neg":
      return `-${wrap(expression.operand, 3)}`;
    case "binary": {
      const level = precedence(expression);
      // Left-associative: the right side of `-` and `/` keeps parentheses at the same level.
      return `${wrap(expression.left, level)} ${expression.op} ${wrap(expression.right, level + 1)}`;
    }
  }
}
