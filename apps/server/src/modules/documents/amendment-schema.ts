import { Type } from "typebox";
import { Nullable } from "../../core/http/schema.ts";
import { DocumentSummarySchema } from "./incoming-schema.ts";

/** Request and response shapes of revoking, updating and replacing documents (OpenAPI). */

const Uuid = Type.String({ format: "uuid" });
const AgencyCode = Type.String({ minLength: 1, maxLength: 40 });
const Reason = Type.String({ minLength: 1, maxLength: 2000, description: "Lý do" });

export const AmendmentParams = Type.Object({ id: Uuid, amendmentId: Uuid });

export const RevokeBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const UpdateBody = Type.Object(
  {
    reason: Reason,
    changes: Type.Object(
      {
        subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
        dueDate: Type.Optional(
          Nullable(Type.String({ format: "date", description: "YYYY-MM-DD; null removes it" })),
        ),
        addRecipients: Type.Optional(Type.Array(AgencyCode, { maxItems: 500 })),
        removeRecipients: Type.Optional(Type.Array(AgencyCode, { maxItems: 500 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const RefuseBody = Type.Object({ reason: Reason }, { additionalProperties: false });

const Changes = Type.Object({
  subject: Type.Optional(Type.String()),
  dueDate: Type.Optional(Nullable(Type.String())),
  addRecipients: Type.Optional(Type.Array(Type.String())),
  removeRecipients: Type.Optional(Type.Array(Type.String())),
  removesUs: Type.Optional(Type.Boolean()),
});

export const AmendmentSchema = Type.Object({
  id: Uuid,
  side: Type.Enum(["sent", "received"]),
  kind: Type.Enum(["revoke", "update", "replace"]),
  reason: Type.String(),
  changes: Changes,
  recipients: Type.Array(Type.String(), { description: "Sent: the agencies asked" }),
  answers: Type.Record(Type.String(), Type.String(), {
    description: "Sent: agency code → 15 (agrees) or 16 (refuses)",
  }),
  replacementId: Nullable(Uuid),
  state: Type.Enum(["pending", "agreed", "refused"]),
  decidedBy: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: "date-time" })),
  createdAt: Type.String({ format: "date-time" }),
});

export const AmendmentListSchema = Type.Object({ items: Type.Array(AmendmentSchema) });

export const SentAmendmentSchema = Type.Intersect([
  DocumentSummarySchema,
  Type.Object({ amendmentId: Uuid }),
]);

export const DecidedAmendmentSchema = Type.Intersect([
  DocumentSummarySchema,
  Type.Object({ amendment: AmendmentSchema }),
]);
