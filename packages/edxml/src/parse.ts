import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { EdxmlError, issue, type ValidationIssue } from "./errors.ts";
import type { Edoc, ParsedAttachment, Status } from "./model.ts";
import { child, children, compact, readEdoc, readStatus, textOf } from "./read-model.ts";
import {
  readPackageTree,
  type AttachmentSink,
  type AttachmentStart,
  type ContentRead,
  type PackageInput,
  type XmlNode,
} from "./sax-reader.ts";
import { validateAttachments, validateEdoc, validateStatus } from "./validate.ts";
import { DSIG_NS, EDXML_NS } from "./xml-text.ts";

export type ParsedPackage = { signed: boolean; issues: ValidationIssue[] } & (
  { kind: "edoc"; edoc: Edoc; attachments: ParsedAttachment[] } | { kind: "status"; status: Status }
);

export type ParseOptions = {
  /** The package: a string, bytes, or chunks (a Node stream is an async iterable of chunks). */
  input: PackageInput;
  /** Receives each attachment's decoded bytes as they are read; nothing is held in memory. */
  sink?: AttachmentSink;
  /** Returns attachment bytes in the result; for small packages only. */
  attachmentsInMemory?: boolean;
};

function structure(root: XmlNode) {
  const envelope = root.name === "edXMLEnvelope" ? root : child(root, "edXMLEnvelope");
  const header = child(envelope, "edXMLHeader");
  const message = child(header, "MessageHeader");
  if (!envelope || !header || !message)
    throw new EdxmlError("not_edxml", { detail: `<${root.name}>` });
  const issues: ValidationIssue[] = [];
  for (const [node, path] of [
    [envelope, "edXMLEnvelope"],
    [header, "edXMLHeader"],
    [message, "edXMLHeader/MessageHeader"],
  ] as const)
    if (node.ns !== EDXML_NS && node.ns !== "")
      issues.push(
        issue(path, "namespace", `Sai không gian tên ${node.ns}`, `wrong namespace ${node.ns}`),
      );
  const signature = children(header, "Signature").some((s) => s.ns === DSIG_NS);
  return { envelope, header, message, signature, issues };
}

/**
 * The manifest must name exactly the attachments the package carries, and each must decode: a
 * receiver registers the document from the manifest and stores the files from the attachments.
 */
function attachmentsOf(root: XmlNode, envelope: XmlNode, contents: ContentRead[]) {
  const issues: ValidationIssue[] = [];
  const nodes = children(child(root, "AttachmentEncoded"), "Attachment");
  const attachments = nodes.map((node, i): ParsedAttachment => {
    const content = child(node, "ContentTransferEncoded");
    const read = content?.contentIndex === undefined ? undefined : contents[content.contentIndex];
    const path = `AttachmentEncoded/Attachment[${i + 1}]/ContentTransferEncoded`;
    if (!read) issues.push(issue(path, "required", "Thiếu nội dung tệp", "content is missing"));
    else if (!read.validBase64)
      issues.push(issue(path, "base64", "Nội dung không phải base64", "content is not base64"));
    return compact({
      contentId: textOf(node, "ContentId") ?? "",
      attachmentName: textOf(node, "AttachmentName") ?? "",
      description: textOf(node, "Description"),
      contentType: textOf(node, "ContentType") ?? "",
      size: read?.size ?? 0,
      content: read?.bytes,
    });
  });
  const manifest = children(child(child(envelope, "edXMLBody"), "edXMLManifest"), "Reference");
  const referenced = manifest.map((r) => textOf(r, "ContentId") ?? r.attrs.href ?? "");
  referenced.forEach((cid, i) => {
    if (!attachments.some((a) => a.contentId === cid))
      issues.push(
        issue(
          `edXMLBody/edXMLManifest/Reference[${i + 1}]/ContentId`,
          "manifestReference",
          `Không có tệp đính kèm ${cid}`,
          `no attachment ${cid}`,
        ),
      );
  });
  attachments.forEach((a, i) => {
    if (!referenced.includes(a.contentId))
      issues.push(
        issue(
          `AttachmentEncoded/Attachment[${i + 1}]/ContentId`,
          "inManifest",
          `Tệp ${a.contentId} không có trong danh mục`,
          `attachment ${a.contentId} is not in the manifest`,
        ),
      );
  });
  return { attachments, issues: [...validateAttachments(attachments), ...issues] };
}

/**
 * Reads a package (document or status) into the model with every validation issue. Throws
 * `EdxmlError` only when there is no package to speak of: malformed XML, not edXML, or a failing
 * stream. Attachment content goes to `sink`, or into memory with `attachmentsInMemory`, or is only
 * checked and counted.
 */
export async function parseEdxml(options: ParseOptions): Promise<ParsedPackage> {
  const { root, contents } = await readPackageTree({
    input: options.input,
    ...(options.sink ? { sink: options.sink } : {}),
    keep: options.attachmentsInMemory === true,
  });
  const { envelope, header, message, signature, issues } = structure(root);
  const traceList = child(header, "TraceHeaderList");
  if (child(message, "StatusCode")) {
    const status = readStatus(message, traceList);
    return {
      kind: "status",
      status,
      signed: signature,
      issues: [...issues, ...validateStatus(status)],
    };
  }
  const edoc = readEdoc(message, traceList);
  const files = attachmentsOf(root, envelope, contents);
  return {
    kind: "edoc",
    edoc,
    attachments: files.attachments,
    signed: signature,
    issues: [...issues, ...validateEdoc(edoc), ...files.issues],
  };
}

/** Validates a package without keeping attachments; never throws for a bad package. */
export async function validateEdxml(options: {
  input: PackageInput;
}): Promise<{ valid: boolean; kind?: "edoc" | "status"; issues: ValidationIssue[] }> {
  try {
    const parsed = await parseEdxml({ input: options.input });
    return { valid: parsed.issues.length === 0, kind: parsed.kind, issues: parsed.issues };
  } catch (error) {
    if (!(error instanceof EdxmlError)) throw error;
    return { valid: false, issues: [{ path: "", rule: error.code, message: error.message }] };
  }
}

/**
 * An attachment sink writing to a Node stream per attachment (a file, an upload), with
 * back-pressure: a slow disk slows the parse instead of filling memory.
 */
export function writableSink(open: (start: AttachmentStart) => Writable): AttachmentSink {
  return (start) => {
    const stream = open(start);
    return {
      async write(chunk) {
        if (!stream.write(chunk)) await once(stream, "drain");
      },
      async end() {
        stream.end();
        await finished(stream);
      },
    };
  };
}
