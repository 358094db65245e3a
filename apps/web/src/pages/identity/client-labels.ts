import type { ClientAuthMethod, ClientKind } from "../../api/types.ts";
import type { MessageKey } from "../../i18n/index.tsx";

export const clientKindLabel = (kind: ClientKind): MessageKey => `clientKind.${kind}`;

/** One sentence per kind, so an administrator picks the right one without knowing OAuth. */
export const clientKindHelp = (kind: ClientKind): MessageKey => `clientKind.${kind}.help`;

export const authMethodLabel = (method: ClientAuthMethod): MessageKey => `authMethod.${method}`;

/** Splits a text area of addresses, one per line (spaces and commas also separate). */
export const splitLines = (text: string | undefined): string[] =>
  (text ?? "").split(/[\s,]+/).filter(Boolean);
