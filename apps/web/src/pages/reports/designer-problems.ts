import { ApiError, type FieldProblem } from "../../api/client.ts";

/**
 * The server names each problem of a template or regime by a JSON pointer into the body it was
 * sent (`/forms/0/indicators/2/formula`); a refusal by the request schema names it with dots
 * (`body.forms.0.title`). Both become pointers, so each field finds the problems that are its own.
 */
export function problemsOf(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.map((e) => ({ path: toPointer(e.path), message: e.message }));
}

function toPointer(path: string): string {
  if (path.startsWith("/")) return path;
  const parts = path.split(".");
  if (parts[0] === "body") parts.shift();
  return `/${parts.join("/")}`;
}

/**
 * The problems of a field: those at its pointer and below it (a problem at
 * `/forms/0/indicators/1/categories/0` belongs to the indicator's categories field).
 */
export function problemsAt(problems: FieldProblem[], path: string): string[] {
  return problems
    .filter((p) => p.path === path || p.path.startsWith(`${path}/`))
    .map((p) => p.message);
}

/** The problems left once a field was edited: its own are gone, the others stay until saving. */
export const withoutPath = (problems: FieldProblem[], path: string) =>
  problems.filter((p) => p.path !== path && !p.path.startsWith(`${path}/`));

/** The problems at exactly this pointer (a list's own, not its items'). */
export const problemsExactly = (problems: FieldProblem[], path: string) =>
  problems.filter((p) => p.path === path).map((p) => p.message);
