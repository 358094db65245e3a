import { sql } from "kysely";
import type { Db } from "../../core/db/index.ts";

/**
 * The open register an outgoing document is numbered in: the organization's outgoing register of
 * the year, ordinary or secret by the document's confidentiality.
 */
export async function selectOpenRegisterId(
  db: Db,
  where: {
    organizationId: string;
    direction: "outgoing" | "incoming";
    year: number;
    kind: "ordinary" | "secret";
  },
): Promise<string | undefined> {
  const result = await sql<{ id: string }>`
    select id from doc_registers
    where organization_id = ${where.organizationId} and direction = ${where.direction}
      and year = ${where.year} and kind = ${where.kind} and status = 'open'`.execute(db);
  return result.rows[0]?.id;
}
