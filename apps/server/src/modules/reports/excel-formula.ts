import type { FormCell } from "./excel-form.ts";
import type { Expression, Reference } from "./expression.ts";
import type { CompiledTemplate } from "./template.ts";

/*
 * Computed indicators as live Excel formulas over the form's own cells, so the grey cells follow
 * what an officer types offline. The platform's semantics (`evaluate` in expression.ts) carry over
 * with "no data" as an Excel error: a reference whose cells hold no number is #N/A; `*`, `/` and
 * negation pass errors on by themselves, and `/0` is #DIV/0!; a chain of `+`/`-` terms is #N/A
 * only when every term is, otherwise it adds the known ones. The whole formula is wrapped in
 * IFERROR(…,"") so that "no data" shows as an empty cell. Only functions of Excel 2007 (IF,
 * IFERROR, COUNT, SUM, ISNUMBER, OR, NA), so LibreOffice and old Excel compute it the same way.
 */

/** Excel's specifications and limits: characters of a formula, nested calls, arguments. */
const MAX_LENGTH = 8192;
const MAX_NESTING = 64;
const MAX_ARGUMENTS = 255;

type Place = { sheet: string; row: number; col: number };

type Encoded = {
  text: string;
  /** Function calls nested in `text`, against Excel's limit. */
  nesting: number;
  /** Never "no data": a number, or a sum or product of such. */
  known: boolean;
  /** How tightly `text` binds, to parenthesise it as an operand only when needed. */
  binds: "sum" | "neg" | "product" | "atom";
  /** A reference's cells as range arguments, so that a sum counts and adds them directly. */
  ranges?: string[];
};

class ExcelLimitExceeded extends Error {}

/**
 * The Excel formula (without `=`) of each computed cell of a form, keyed by the cell's entry in
 * `cells`. A cell whose formula would exceed Excel's limits (8,192 characters, 64 nested calls,
 * 255 arguments) has none: the form shows it as a value fixed at download, as it always did.
 */
export function computedCellFormulas(
  template: CompiledTemplate,
  cells: readonly FormCell[],
): Map<FormCell, string> {
  const entered = new Map<string, { options: string[]; place: Place }[]>();
  const computed = new Map<string, Place>();
  for (const cell of cells) {
    if (cell.kind === "computed") computed.set(cell.code, placeOf(cell));
    if (cell.kind !== "value") continue;
    let list = entered.get(cell.code);
    if (!list) entered.set(cell.code, (list = []));
    list.push({ options: cell.combination.split("."), place: placeOf(cell) });
  }
  const cellsOf = (ref: Reference): Place[] => {
    const own = computed.get(ref.code);
    if (own) return [own];
    return (entered.get(ref.code) ?? [])
      .filter((e) => ref.options.every((o) => e.options.includes(o)))
      .map((e) => e.place);
  };
  const formulas = new Map<FormCell, string>();
  for (const cell of cells) {
    const expression = cell.kind === "computed" ? template.formulas.get(cell.code) : undefined;
    if (!expression) continue;
    try {
      const body = checked(encode(expression, (ref) => rangesOf(cellsOf(ref), cell.sheet)));
      formulas.set(cell, call("IFERROR", [body.text, '""'], body.nesting + 1));
    } catch (error) {
      if (!(error instanceof ExcelLimitExceeded)) throw error;
    }
  }
  return formulas;
}

function encode(expression: Expression, rangesOf: (ref: Reference) => string[]): Encoded {
  const inner = (e: Expression) => checked(encode(e, rangesOf));
  switch (expression.kind) {
    case "number":
      return {
        text: String(expression.value).toUpperCase(),
        nesting: 0,
        known: true,
        binds: "atom",
      };
    case "ref": {
      const ranges = rangesOf(expression.ref);
      if (ranges.length === 0) return { text: "NA()", nesting: 1, known: false, binds: "atom" };
      const text = `IF(${call("COUNT", ranges, 2)}=0,NA(),${call("SUM", ranges, 2)})`;
      return { text, nesting: 2, known: false, binds: "atom", ranges };
    }
    case "neg": {
      const operand = inner(expression.operand);
      const text = `-${operand.binds === "atom" ? operand.text : `(${operand.text})`}`;
      return { text, nesting: operand.nesting, known: operand.known, binds: "neg" };
    }
    case "binary": {
      if (expression.op === "+" || expression.op === "-") return chain(expression, inner);
      const left = inner(expression.left);
      const right = inner(expression.right);
      const l = left.binds === "sum" ? `(${left.text})` : left.text;
      const r = right.binds === "atom" ? right.text : `(${right.text})`;
      return {
        text: `${l}${expression.op}${r}`,
        nesting: Math.max(left.nesting, right.nesting),
        known: expression.op === "*" && left.known && right.known,
        binds: "product",
      };
    }
  }
}

/**
 * A left-nested chain `t1 ± t2 ± …`, as `evaluate` adds it: no data only when every term has
 * none, otherwise the known terms in order (a term without data counts 0). A reference term is
 * counted and added straight from its cells; another term that may have no data is tested with
 * ISNUMBER and added through IFERROR(…,0).
 */
function chain(expression: Expression, inner: (e: Expression) => Encoded): Encoded {
  const terms: { sign: "+" | "-"; term: Encoded }[] = [];
  let rest = expression;
  while (rest.kind === "binary" && (rest.op === "+" || rest.op === "-")) {
    terms.unshift({ sign: rest.op, term: inner(rest.right) });
    rest = rest.left;
  }
  terms.unshift({ sign: "+", term: inner(rest) });
  const counted: string[] = [];
  const tests: string[] = [];
  let nesting = 0;
  const values = terms.map(({ sign, term }, i) => {
    let value = term.text;
    if (term.ranges) {
      counted.push(...term.ranges);
      value = call("SUM", term.ranges, 2);
      nesting = Math.max(nesting, 2);
    } else if (!term.known) {
      tests.push(call("ISNUMBER", [term.text], term.nesting + 2));
      value = call("IFERROR", [term.text, "0"], term.nesting + 2);
      nesting = Math.max(nesting, term.nesting + 3);
    } else {
      if (term.binds !== "atom" && i > 0) value = `(${value})`;
      nesting = Math.max(nesting, term.nesting + 1);
    }
    return i === 0 ? value : `${sign}${value}`;
  });
  const sum = values.join("");
  if (terms.some((t) => t.term.known)) return { text: sum, nesting, known: true, binds: "sum" };
  const conditions = [...(counted.length > 0 ? [`${call("COUNT", counted, 3)}>0`] : []), ...tests];
  const condition = conditions.length === 1 ? conditions[0]! : call("OR", conditions, nesting);
  return { text: `IF(${condition},${sum},NA())`, nesting, known: false, binds: "atom" };
}

/** `NAME(arg,…)`, unless it would break one of Excel's limits. */
function call(name: string, args: string[], nesting: number): string {
  if (args.length > MAX_ARGUMENTS) throw new ExcelLimitExceeded();
  return checked({ text: `${name}(${args.join(",")})`, nesting }).text;
}

function checked<T extends { text: string; nesting: number }>(encoded: T): T {
  // The limit counts the leading `=`.
  if (encoded.text.length >= MAX_LENGTH || encoded.nesting > MAX_NESTING)
    throw new ExcelLimitExceeded();
  return encoded;
}

/**
 * Cells as few range arguments as they make: runs of adjacent cells of one row become `F10:I10`;
 * a cell of another sheet than the formula's is qualified, `'Biểu 02'!F9`.
 */
function rangesOf(places: Place[], home: string): string[] {
  const sorted = [...places].sort(
    (a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row || a.col - b.col,
  );
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    const first = sorted[i]!;
    let last = first;
    while (
      sorted[i + 1]?.sheet === first.sheet &&
      sorted[i + 1]!.row === first.row &&
      sorted[i + 1]!.col === last.col + 1
    )
      last = sorted[++i]!;
    i += 1;
    const sheet = first.sheet === home ? "" : `'${first.sheet.replace(/'/g, "''")}'!`;
    const from = `${columnName(first.col)}${first.row}`;
    ranges.push(
      last === first ? `${sheet}${from}` : `${sheet}${from}:${columnName(last.col)}${last.row}`,
    );
  }
  return ranges;
}

function placeOf(cell: FormCell): Place {
  const [, letters, row] = /^([A-Z]+)(\d+)$/.exec(cell.cell)!;
  const col = [...letters!].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
  return { sheet: cell.sheet, row: Number(row), col };
}

function columnName(col: number): string {
  let name = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
