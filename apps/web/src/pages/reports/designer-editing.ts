import type { FieldProblem } from "../../api/client.ts";
import type { DesignDefinition } from "../../api/report-designer.ts";

/** What every part of the template editor receives. */
export type EditorPartProps = {
  definition: DesignDefinition;
  readOnly: boolean;
  problems: FieldProblem[];
  /** A field at `path` changed: its problems are dismissed, the others stay until saving. */
  edit: (path: string, next: DesignDefinition) => void;
  /**
   * Rows were added, removed or moved: problems point at rows by position, so they are all
   * dismissed (the next save names them again where they now are).
   */
  reshape: (next: DesignDefinition) => void;
};

export const replaceAt = <T>(list: T[], index: number, item: T): T[] =>
  list.map((current, i) => (i === index ? item : current));

export const removeAt = <T>(list: T[], index: number): T[] => list.filter((_, i) => i !== index);

/** The list with item `index` moved one place up (`-1`) or down (`+1`). */
export function moveAt<T>(list: T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta;
  if (target < 0 || target >= list.length) return list;
  const next = [...list];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/** An optional text: nothing typed is no value (the server refuses empty optional strings). */
export const optionalText = (text: string): string | undefined => (text.trim() ? text : undefined);

export const EMPTY_DEFINITION: DesignDefinition = {
  sections: [],
  categories: [],
  forms: [],
  rules: [],
};
