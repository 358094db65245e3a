/**
 * What a report's attachment may be: the office formats a unit sends with a report (PDF, Word,
 * Excel, OpenDocument, a scan as PNG or JPEG, a ZIP of several), each checked by its first bytes
 * as well as its declared type, so a file is what its type says when a reviewer opens it.
 */
import { AppError } from "../../core/errors.ts";

/** One file's limit: a scanned decision of some dozen pages fits; a video does not. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];
/** ZIP containers: DOCX, XLSX, ODT, ODS and ZIP itself (a local file header, or an empty archive). */
const ZIP = [0x50, 0x4b];
/** OLE2 compound files: Word 97–2003 `.doc`, Excel 97–2003 `.xls`. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

/** A kind of file taken: its name, first bytes, and the extensions its files' names may end in. */
type FileKind = { label: string; magic: number[]; extensions: string[] };

const KINDS: Record<string, FileKind> = {
  "application/pdf": { label: "PDF", magic: PDF, extensions: ["pdf"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    label: "DOCX",
    magic: ZIP,
    extensions: ["docx"],
  },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
    label: "XLSX",
    magic: ZIP,
    extensions: ["xlsx"],
  },
  "application/msword": { label: "DOC", magic: OLE2, extensions: ["doc"] },
  "application/vnd.ms-excel": { label: "XLS", magic: OLE2, extensions: ["xls"] },
  "application/vnd.oasis.opendocument.text": { label: "ODT", magic: ZIP, extensions: ["odt"] },
  "application/vnd.oasis.opendocument.spreadsheet": {
    label: "ODS",
    magic: ZIP,
    extensions: ["ods"],
  },
  "image/png": { label: "PNG", magic: PNG, extensions: ["png"] },
  "image/jpeg": { label: "JPEG", magic: JPEG, extensions: ["jpg", "jpeg"] },
  "application/zip": { label: "ZIP", magic: ZIP, extensions: ["zip"] },
};

/** Browsers on Windows name a ZIP file by this older type. */
const ALIASES: Record<string, string> = { "application/x-zip-compressed": "application/zip" };

/** The media types taken, for the API description and the upload's `accept`. */
export const ATTACHMENT_TYPES: readonly string[] = Object.keys(KINDS);

const LABELS = [...new Set(Object.values(KINDS).map((k) => k.label))].join(", ");

/** The stored media type of a declared `Content-Type`, or a 415 naming the formats taken. */
export function attachmentType(contentType: string): string {
  const declared = contentType.split(";")[0]!.trim().toLowerCase();
  const type = ALIASES[declared] ?? declared;
  if (KINDS[type]) return type;
  throw new AppError("unsupported_media_type", {
    detail: {
      vi: `Chỉ đính kèm được tệp ${LABELS}.`,
      en: `Only ${LABELS} files can be attached.`,
    },
  });
}

/**
 * A file name as stored: Unicode NFC (macOS sends Vietnamese decomposed), without folders,
 * control or format characters (a right-to-left override could show `…fdp.exe` as `…exe.pdf`),
 * at most 255 characters, and ending in an extension of its type — a reviewer's computer opens a
 * downloaded file by its name, so `Báo cáo.pdf.bat` is not taken as a PDF.
 */
export function attachmentName(name: string, mediaType: string): string {
  const base = name.normalize("NFC").split(/[/\\]/).pop()!;
  const clean = base.replace(/[\p{Cc}\p{Cf}]/gu, "").trim();
  if (clean.length === 0 || clean.length > 255)
    throw new AppError("validation_failed", {
      errors: [
        {
          path: "/querystring/name",
          message: clean.length === 0 ? "Cần tên tệp" : "Tên tệp dài quá 255 ký tự",
        },
      ],
    });
  const { label, extensions } = KINDS[mediaType]!;
  const extension = /\.([^.]+)$/.exec(clean)?.[1]?.toLowerCase();
  if (!extension || !extensions.includes(extension)) {
    const allowed = extensions.map((e) => `.${e}`).join(" hoặc ");
    throw new AppError("validation_failed", {
      errors: [
        {
          path: "/querystring/name",
          message: `Tệp ${label} phải có tên kết thúc bằng ${allowed} (tên đã gửi: ${clean})`,
        },
      ],
    });
  }
  return clean;
}

/**
 * Passes the bytes through, refusing (422) once the first of them show the file is not of its
 * declared type — or is empty.
 */
export async function* checkedContent(
  source: AsyncIterable<Uint8Array>,
  mediaType: string,
): AsyncIterable<Uint8Array> {
  const { label, magic } = KINDS[mediaType]!;
  let head = Buffer.alloc(0);
  const check = () => {
    if (head.length < magic.length || magic.some((byte, i) => head[i] !== byte))
      throw new AppError("unprocessable", {
        detail: {
          vi: `Nội dung tệp không phải ${label} như kiểu tệp đã khai.`,
          en: `The file's content is not ${label}, as its declared type says.`,
        },
      });
  };
  let checked = false;
  for await (const chunk of source) {
    if (!checked) {
      head = Buffer.concat([head, chunk]);
      if (head.length >= magic.length) {
        check();
        checked = true;
      }
    }
    yield chunk;
  }
  if (!checked) check();
}
