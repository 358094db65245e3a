import { Type } from "typebox";
import { Nullable } from "../../core/http/schema.ts";
import { CONFIDENTIALITIES, INCOMING_STATUSES, OUTGOING_STATUSES, URGENCIES } from "./documents.ts";

/** Request and response shapes of the documents and receiving API; they feed validation and OpenAPI. */

const Uuid = Type.String({ format: "uuid" });
const DateTime = Type.String({ format: "date-time" });
const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });
const Bilingual = Type.Object({ vi: Type.String(), en: Type.String() });
const Indication = Type.Enum(["TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"]);

export const IdParams = Type.Object({ id: Uuid });
export const FileParams = Type.Object({ id: Uuid, fileId: Uuid });

export const DocumentSummarySchema = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  direction: Type.Enum(["outgoing", "incoming"]),
  status: Type.Enum([...OUTGOING_STATUSES, ...INCOMING_STATUSES]),
  typeCode: Type.String(),
  subject: Type.String({ description: "Trích yếu" }),
  summary: Nullable(Type.String()),
  urgency: Type.Enum(URGENCIES),
  confidentiality: Type.Enum(CONFIDENTIALITIES),
  draftingUnit: Nullable(Type.String()),
  signer: Type.Object({
    name: Nullable(Type.String()),
    position: Nullable(Type.String()),
    competence: Nullable(Type.String()),
  }),
  number: Nullable(Type.Integer()),
  symbol: Nullable(Type.String({ description: "Số, ký hiệu; for incoming, the sender's" })),
  documentDate: Nullable(DateOnly),
  registerEntryId: Nullable(Uuid),
  edxmlDocumentId: Nullable(Type.String()),
  sender: Nullable(Type.Object({ code: Type.String(), name: Nullable(Type.String()) })),
  dueDate: Nullable(DateOnly),
  mainFileId: Nullable(Uuid),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

export const FileSchema = Type.Object({
  id: Uuid,
  role: Type.Enum(["draft", "signed", "sealed", "attachment", "received"]),
  name: Type.String(),
  contentType: Type.String(),
  sha256: Type.String(),
  size: Type.Integer(),
  createdAt: DateTime,
});

const EventSchema = Type.Object({
  at: DateTime,
  actor: Type.String(),
  action: Type.String(),
  status: Type.String(),
  note: Nullable(Type.String()),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

const RecipientSchema = Type.Object({
  id: Uuid,
  kind: Type.Enum(["external", "internal"]),
  organizationId: Nullable(Uuid),
  orgCode: Nullable(Type.String()),
  orgName: Type.String(),
  userId: Nullable(Uuid),
  delivery: Type.Enum(["pending", "sent", "failed", "refused"]),
  statusCode: Nullable(
    Type.String({ description: "The last edXML status the recipient reported" }),
  ),
  statusNote: Nullable(Type.String()),
  statusAt: Nullable(DateTime),
  timeline: Type.Array(
    Type.Object({
      code: Type.String(),
      description: Nullable(Type.String()),
      staff: Nullable(Type.String()),
      at: DateTime,
    }),
  ),
});

export const DocumentDetailSchema = Type.Intersect([
  DocumentSummarySchema,
  Type.Object({
    files: Type.Array(FileSchema),
    events: Type.Array(EventSchema),
    recipients: Type.Array(RecipientSchema),
  }),
]);

export const DocumentListQuery = Type.Object(
  {
    organizationId: Type.Optional(Uuid),
    direction: Type.Optional(Type.Enum(["outgoing", "incoming"])),
    status: Type.Optional(Type.Enum([...OUTGOING_STATUSES, ...INCOMING_STATUSES])),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: "Words of the subject, symbol or sender" }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const DocumentPageSchema = Type.Object({
  items: Type.Array(DocumentSummarySchema),
  nextCursor: Nullable(Type.String()),
});

export const ReceiveOutcomeSchema = Type.Object({
  kind: Type.Enum(["edoc", "status"]),
  outcome: Type.Enum(["arrived", "rejected", "duplicate", "status_recorded"], {
    description:
      "arrived / rejected: a new incoming document; duplicate: received before, nothing changed; status_recorded: a recipient's status on one of our documents",
  }),
  receiptId: Uuid,
  edxmlDocumentId: Type.String(),
  reason: Type.Optional(Nullable(Bilingual)),
  warnings: Type.Optional(Type.Array(Bilingual)),
  documents: Type.Optional(
    Type.Array(Type.Object({ id: Uuid, organizationId: Uuid, status: Type.String() })),
  ),
  documentId: Type.Optional(Uuid),
  recipientId: Type.Optional(Uuid),
  statusCode: Type.Optional(Type.String()),
});

const SignatureSummarySchema = Type.Object({
  signer: Nullable(Type.String()),
  issuer: Nullable(Type.String()),
  signingTime: Nullable(Type.String()),
  timestamped: Type.Boolean(),
  level: Nullable(
    Type.String({ description: "PAdES level (B-B, B-T, B-LT) or the XML signature's algorithm" }),
  ),
  revocation: Nullable(Type.Object({ status: Type.String(), source: Nullable(Type.String()) })),
  indication: Indication,
  subIndication: Nullable(Type.String()),
  summary: Bilingual,
  messages: Type.Array(Bilingual),
});

export const ValidationSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      target: Type.Enum(["package", "pdf"]),
      fileId: Nullable(Uuid),
      name: Type.String(),
      indication: Indication,
      subIndication: Nullable(Type.String()),
      signatures: Type.Array(SignatureSummarySchema),
      messages: Type.Array(Bilingual),
      validatedAt: DateTime,
    }),
  ),
});

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const AcceptBody = Type.Object(
  { note: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);
export const RejectBody = Type.Object({ reason: Text(2000) }, { additionalProperties: false });
export const CompleteBody = Type.Object({ note: Text(4000) }, { additionalProperties: false });
export const CommentBody = Type.Object({ body: Text(4000) }, { additionalProperties: false });
export const LinkBody = Type.Object(
  { relatedId: Uuid, note: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
export const AssignBody = Type.Object(
  {
    direction: Type.Optional(Text(4000)),
    mainUserId: Type.Optional(Uuid),
    mainUnitId: Type.Optional(Uuid),
    coHandlerIds: Type.Optional(Type.Array(Uuid, { maxItems: 30 })),
    dueDate: Type.Optional(DateOnly),
  },
  { additionalProperties: false },
);

const Person = Type.Object({ id: Uuid, name: Type.String() });
export const AssignmentSchema = Type.Object({
  mainUser: Nullable(Person),
  mainUnit: Nullable(Person),
  coHandlers: Type.Array(Person),
  direction: Nullable(Type.String({ description: "Ý kiến chỉ đạo" })),
  dueDate: Nullable(DateOnly),
  assignedBy: Type.String(),
  assignedAt: DateTime,
});

export const CommentSchema = Type.Object({
  id: Uuid,
  author: Type.String(),
  body: Type.String(),
  createdAt: DateTime,
});

export const HandlingSchema = Type.Object({
  assignment: Nullable(AssignmentSchema),
  comments: Type.Array(CommentSchema),
  links: Type.Array(
    Type.Object({
      id: Uuid,
      direction: Type.Enum(["outgoing", "incoming"]),
      subject: Type.String(),
      symbol: Nullable(Type.String()),
      note: Nullable(Type.String()),
      linkedAt: DateTime,
    }),
  ),
});
