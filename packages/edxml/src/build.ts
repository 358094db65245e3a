import { encodeBase64Chunks } from "./base64-stream.ts";
import { EdxmlError } from "./errors.ts";
import type { AttachmentSource, Edoc, Status } from "./model.ts";
import { validateAttachments, validateEdoc, validateStatus } from "./validate.ts";
import { writeEdocHeader, writeStatusHeader } from "./write-header.ts";
import { EDXML_NS, el, escapeText, wrap } from "./xml-text.ts";

/** A package being written: iterate it for UTF-8 chunks, or collect it when it is small. */
export type EdxmlOutput = AsyncIterable<Uint8Array> & {
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
};

const PROLOGUE = `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns:edXML="${EDXML_NS}">\n`;

/** `once`: attachment chunks can be read only once, so a second read would lose them silently. */
function output(parts: () => AsyncGenerator<string>, once: boolean): EdxmlOutput {
  const encoder = new TextEncoder();
  let started = false;
  const iterate = async function* () {
    if (started && once)
      throw new EdxmlError("stream_failed", {
        detail: "gói tin đã được đọc / the package was already read",
      });
    started = true;
    for await (const part of parts()) yield encoder.encode(part);
  };
  const bytes = async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of iterate()) chunks.push(chunk);
    return new Uint8Array(Buffer.concat(chunks));
  };
  return {
    [Symbol.asyncIterator]: iterate,
    bytes,
    text: async () => Buffer.from(await bytes()).toString("utf8"),
  };
}

function envelope(header: string, body: string): string {
  return wrap("edXMLEnvelope", `${wrap("edXMLHeader", header)}\n${wrap("edXMLBody", body)}`);
}

function manifest(attachments: AttachmentSource[]): string {
  const path = "edXMLBody/edXMLManifest/Reference";
  const references = attachments.map((a) =>
    wrap(
      "Reference",
      el("ContentId", a.contentId, path) +
        el("AttachmentName", a.attachmentName, path) +
        el("Description", a.description, path) +
        el("ContentType", a.contentType, path),
    ),
  );
  return `<edXML:edXMLManifest version="1.0">${references.join("")}</edXML:edXMLManifest>`;
}

/** Metadata of an attachment, unprefixed outside the envelope as the standard's samples have it. */
function attachmentOpening(a: AttachmentSource): string {
  const path = "AttachmentEncoded/Attachment";
  const field = (name: string, value: string | undefined) =>
    value === undefined ? "" : `<${name}>${escapeText(value, `${path}/${name}`)}</${name}>`;
  return (
    `<Attachment>${field("ContentId", a.contentId)}${field("AttachmentName", a.attachmentName)}` +
    `${field("Description", a.description)}${field("ContentType", a.contentType)}` +
    "<ContentTransferEncoded>"
  );
}

/**
 * Writes a document package. The model is validated first and an invalid one is refused with
 * every issue, because a package that leaves the platform must be one any receiver accepts.
 * Attachment content is base64-encoded chunk by chunk as the output is read.
 */
export function buildEdoc(options: { edoc: Edoc; attachments?: AttachmentSource[] }): EdxmlOutput {
  const attachments = options.attachments ?? [];
  const issues = [...validateEdoc(options.edoc), ...validateAttachments(attachments)];
  if (issues.length > 0) throw new EdxmlError("invalid_package", { issues });
  const head = PROLOGUE + envelope(writeEdocHeader(options.edoc), manifest(attachments));
  const openings = attachments.map(attachmentOpening);
  return output(
    async function* () {
      yield head;
      if (attachments.length === 0) {
        yield "\n</edXML>\n";
        return;
      }
      yield "\n<AttachmentEncoded>";
      for (const [index, attachment] of attachments.entries()) {
        yield openings[index]!;
        try {
          yield* encodeBase64Chunks(attachment.content);
        } catch (cause) {
          throw new EdxmlError("stream_failed", { detail: attachment.contentId, cause });
        }
        yield "</ContentTransferEncoded></Attachment>";
      }
      yield "</AttachmentEncoded>\n</edXML>\n";
    },
    attachments.some((a) => !(a.content instanceof Uint8Array)),
  );
}

/** Writes a status package (đã đến, đã tiếp nhận, từ chối, ...); small, so returned as a string. */
export function buildStatus(options: { status: Status }): string {
  const issues = validateStatus(options.status);
  if (issues.length > 0) throw new EdxmlError("invalid_package", { issues });
  return `${PROLOGUE}${envelope(writeStatusHeader(options.status), "")}\n</edXML>\n`;
}
