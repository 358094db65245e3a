import { Type } from "typebox";
import { DOCUMENT_TYPES } from "./document-types.ts";
import { CONFIDENTIALITIES, URGENCIES } from "./documents.ts";

/** Request shapes of the outgoing workflow (dự thảo → trình → ký → cấp số → ký số cơ quan → phát hành). */

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });

const Signer = Type.Object(
  {
    name: Type.Optional(Text(200)),
    position: Type.Optional(Text(200)),
    competence: Type.Optional(Text(50)),
  },
  {
    additionalProperties: false,
    description: "Người ký: họ tên, chức vụ, thẩm quyền (KT., TL., …)",
  },
);

export const DraftBody = Type.Object(
  {
    organizationId: Type.Optional(Type.String({ format: "uuid" })),
    typeCode: Type.Enum(Object.keys(DOCUMENT_TYPES), { description: "Loại văn bản, ví dụ CV, QĐ" }),
    subject: Text(500),
    summary: Type.Optional(Text(4000)),
    urgency: Type.Optional(Type.Enum(URGENCIES)),
    confidentiality: Type.Optional(Type.Enum(CONFIDENTIALITIES)),
    draftingUnit: Type.Optional(Text(12)),
    dueDate: Type.Optional(DateOnly),
    signer: Type.Optional(Signer),
  },
  { additionalProperties: false },
);

export const DraftFileQuery = Type.Object(
  { name: Type.Optional(Text(255)) },
  { additionalProperties: false },
);

export const NoteBody = Type.Object(
  { note: Type.Optional(Text(2000)) },
  { additionalProperties: false },
);

export const ReturnBody = Type.Object({ note: Text(2000) }, { additionalProperties: false });

const Rect = Type.Object(
  {
    x: Type.Number({ minimum: 0 }),
    y: Type.Number({ minimum: 0 }),
    width: Type.Number({ exclusiveMinimum: 0 }),
    height: Type.Number({ exclusiveMinimum: 0 }),
  },
  { additionalProperties: false },
);

export const SignBody = Type.Object(
  {
    signer: Type.Optional(Signer),
    note: Type.Optional(Text(2000)),
    signatureImage: Type.Optional(
      Type.String({
        contentEncoding: "base64",
        maxLength: 1_400_000,
        description: "Ảnh chữ ký tay (PNG, base64) hiển thị trên văn bản",
      }),
    ),
    placement: Type.Optional(
      Type.Object(
        { page: Type.Optional(Type.Integer({ minimum: 1 })), rect: Type.Optional(Rect) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const IssueBody = Type.Object(
  {
    recipientCodes: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
      minItems: 1,
      maxItems: 500,
      description: "Mã định danh của các cơ quan nhận",
    }),
    replaces: Type.Optional(
      Type.Object(
        {
          documentId: Type.String({ format: "uuid" }),
          reason: Type.String({ minLength: 1, maxLength: 2000 }),
        },
        {
          additionalProperties: false,
          description:
            "Văn bản đi đã phát hành mà văn bản này thay thế / the issued document replaced",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const Base64 = (description: string, maxLength: number) =>
  Type.String({ minLength: 1, maxLength, contentEncoding: "base64", description });

export const PrepareSignatureBody = Type.Object(
  {
    certificate: Base64("Chứng thư số của người ký (DER, base64), đọc từ USB token", 20_000),
    signer: Type.Optional(Signer),
    signatureImage: Type.Optional(
      Base64("Ảnh chữ ký tay (PNG, base64) hiển thị trên văn bản", 1_400_000),
    ),
    placement: Type.Optional(
      Type.Object(
        { page: Type.Optional(Type.Integer({ minimum: 1 })), rect: Type.Optional(Rect) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const PreparedSignatureSchema = Type.Object({
  sessionId: Type.String({ format: "uuid" }),
  algorithm: Type.String({ description: "RSA-SHA256, ECDSA-SHA256 hoặc ECDSA-SHA384" }),
  digest: Type.String(),
  signedAttributes: Type.String({
    description: "DER signed attributes (base64): what the device signs (hash, then sign)",
  }),
  toBeSignedDigest: Type.String({
    description: "The digest of signedAttributes (base64), for devices that sign a digest",
  }),
  expiresAt: Type.String({ format: "date-time" }),
});

export const CompleteSignatureBody = Type.Object(
  {
    sessionId: Type.String({ format: "uuid" }),
    signatureValue: Base64(
      "Chữ ký thô trên signedAttributes (PKCS#1 v1.5 với RSA, ECDSA-Sig-Value DER với ECDSA)",
      2_000,
    ),
    chain: Type.Optional(
      Type.Array(Base64("Chứng thư CA cấp trên (DER, base64)", 20_000), { maxItems: 5 }),
    ),
    note: Type.Optional(Text(2000)),
  },
  { additionalProperties: false },
);
