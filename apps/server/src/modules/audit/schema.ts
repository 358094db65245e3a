import { Type } from "typebox";

export const AuditEventSchema = Type.Object({
  seq: Type.Integer({ description: "Position in the hash chain (1, 2, ...)" }),
  id: Type.String({ format: "uuid" }),
  at: Type.String({ format: "date-time" }),
  action: Type.String({ description: "`<module>.<verb>`, e.g. identity.sign_in" }),
  outcome: Type.Union([Type.Literal("success"), Type.Literal("failure")]),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.String(),
  organizationId: Type.Union([Type.String(), Type.Null()]),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditEventListQuery = Type.Object(
  {
    action: Type.Optional(
      Type.String({ maxLength: 100, description: "Action or its prefix, e.g. `identity.`" }),
    ),
    actorId: Type.Optional(Type.String({ format: "uuid" })),
    organizationId: Type.Optional(Type.String({ format: "uuid" })),
    outcome: Type.Optional(Type.Union([Type.Literal("success"), Type.Literal("failure")])),
    from: Type.Optional(Type.String({ format: "date-time", description: "Inclusive" })),
    to: Type.Optional(Type.String({ format: "date-time", description: "Exclusive" })),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  },
  { additionalProperties: false },
);

export const AuditEventPage = Type.Object({
  items: Type.Array(AuditEventSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const AuditVerificationSchema = Type.Object({
  ok: Type.Boolean(),
  rows: Type.Integer({ description: "Rows checked before the first broken one (all, when ok)" }),
  head: Type.Optional(
    Type.String({ description: "Hash of the last row, when the chain is intact" }),
  ),
  firstBroken: Type.Optional(
    Type.Object({
      seq: Type.Integer(),
      reason: Type.String(),
    }),
  ),
});
