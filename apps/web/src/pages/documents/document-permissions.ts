import type { DocumentSummary } from "../../api/documents.ts";
import type { Me } from "../../api/types.ts";
import { hasRole } from "../../auth/session.ts";

export type DocumentAction =
  | "upload"
  | "submit"
  | "return"
  | "sign"
  | "number"
  | "seal"
  | "issue"
  | "accept"
  | "reject"
  | "assign"
  | "start"
  | "comment"
  | "complete";

/**
 * The actions offered for a document's status to the person's roles, mirroring the server's
 * rules (outgoing.ts, incoming-access.ts); the server decides in the end, and a refusal shows its
 * reason. A secret document is registered and numbered from its draft, never signed or sent.
 */
export function allowedActions(document: DocumentSummary, me: Me): DocumentAction[] {
  const own = me.organization.id === document.organizationId || hasRole(me, "system_admin");
  if (!own) return document.direction === "incoming" ? ["start", "comment", "complete"] : [];
  const clerk = hasRole(me, "clerk");
  const leader = hasRole(me, "leader");
  const drafter = hasRole(me, "specialist", "clerk", "leader", "org_admin");
  const secret = document.confidentiality !== "none";
  const actions: DocumentAction[] = [];
  const offer = (when: boolean, ...names: DocumentAction[]) => {
    if (when) actions.push(...names);
  };
  switch (document.status) {
    case "draft":
      offer(!secret && drafter, "upload", "submit");
      offer(secret && clerk, "number");
      break;
    case "returned":
      offer(!secret && drafter, "upload", "submit");
      break;
    case "in_review":
      offer(leader, "sign", "return");
      break;
    case "signed":
      offer(clerk, "number");
      break;
    case "numbered":
      offer(clerk && !secret, "seal");
      break;
    case "sealed":
      offer(clerk, "issue");
      break;
    case "arrived":
      offer(hasRole(me, "clerk", "org_admin"), "accept", "reject");
      break;
    case "accepted":
      offer(leader, "assign");
      offer(true, "comment");
      break;
    case "assigned":
      offer(true, "start");
      offer(leader, "assign");
      offer(true, "comment", "complete");
      break;
    case "in_progress":
      offer(leader, "assign");
      offer(true, "comment", "complete");
      break;
  }
  return actions;
}
