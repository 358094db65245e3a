import { Type, type Static } from "typebox";

/** Shapes of a report's attachments (tài liệu đính kèm). */

export const AttachmentSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String({ description: "Tên tệp / file name" }),
  mediaType: Type.String(),
  size: Type.Integer({ description: "Byte" }),
  sha256: Type.String({ description: "SHA-256 (hex) của nội dung / of the content" }),
  uploadedBy: Type.String(),
  uploadedAt: Type.String({ format: "date-time" }),
});
export type Attachment = Static<typeof AttachmentSchema>;

export const AttachmentListSchema = Type.Object({
  items: Type.Array(AttachmentSchema, { description: "Theo thứ tự đính kèm / in upload order" }),
  editable: Type.Boolean({
    description:
      "Bạn thêm, gỡ tệp được lúc này không / whether you may add or remove files now (the report is a draft or returned, and yours to fill)",
  }),
});
export type AttachmentList = Static<typeof AttachmentListSchema>;

export const AttachmentParams = Type.Object({
  id: Type.String({ format: "uuid" }),
  attachmentId: Type.String({ format: "uuid" }),
});

export const AttachmentUploadQuery = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 255,
      description: "Tên tệp, UTF-8 (mã hóa phần trăm trong URL) / the file name, UTF-8",
    }),
  },
  { additionalProperties: false },
);
