import { SaxesParser } from "saxes";
import { Base64Decoder } from "./base64-stream.ts";
import { EdxmlError } from "./errors.ts";

/** An element of the package without attachment content: the header is small enough to hold. */
export type XmlNode = {
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  /** For `ContentTransferEncoded`: which entry of `contents` holds what it decoded to. */
  contentIndex?: number;
};

/** What the metadata before an attachment's content says, when the content starts. */
export type AttachmentStart = {
  index: number;
  contentId?: string;
  attachmentName?: string;
  contentType?: string;
};

/** Where decoded attachment bytes go instead of memory (a file, a hash, a blob store). */
export type AttachmentSink = (start: AttachmentStart) => {
  write(chunk: Uint8Array): void | Promise<void>;
  end(): void | Promise<void>;
};

export type ContentRead = { size: number; validBase64: boolean; bytes?: Uint8Array };

export type PackageInput = string | Uint8Array | AsyncIterable<Uint8Array>;

const SLICE = 64 * 1024;
const CONTENT_TAG = "ContentTransferEncoded";

async function* textSlices(input: PackageInput): AsyncGenerator<string> {
  if (typeof input === "string") {
    const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
    for (let i = 0; i < text.length; i += SLICE) yield text.slice(i, i + SLICE);
    return;
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch (cause) {
      throw new EdxmlError("malformed_xml", { detail: "UTF-8", cause });
    }
  };
  const source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
    input instanceof Uint8Array ? [input] : input;
  const iterator =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch (cause) {
      throw new EdxmlError("stream_failed", { cause });
    }
    if (next.done) break;
    for (let i = 0; i < next.value.length; i += SLICE)
      yield decode(next.value.subarray(i, i + SLICE));
  }
  yield decode();
}

/**
 * Reads a package with saxes into a tree, except attachment content. saxes keeps a text node
 * whole until the next tag, which for a 100 MB attachment is a 130 MB string; so once the opening
 * `<ContentTransferEncoded>` is seen, the text up to the next `<` bypasses saxes and goes straight
 * to an incremental base64 decoder, and from there to the sink or to memory.
 */
export async function readPackageTree(options: {
  input: PackageInput;
  sink?: AttachmentSink;
  /** Keep decoded bytes in memory (small packages) when there is no sink. */
  keep: boolean;
}): Promise<{ root: XmlNode; contents: ContentRead[] }> {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const top: XmlNode = { name: "", ns: "", attrs: {}, children: [], text: "" };
  const stack: XmlNode[] = [top];
  const contents: ContentRead[] = [];
  const pending: (() => void | Promise<void>)[] = [];
  let current: { decoder: Base64Decoder; chunks?: Buffer[]; sink?: ReturnType<AttachmentSink> };
  let inContent = false;
  let enteringContent = false;

  const startContent = (attachment: XmlNode) => {
    const meta = (name: string) => attachment.children.find((c) => c.name === name)?.text.trim();
    const start = {
      index: contents.length,
      contentId: meta("ContentId"),
      attachmentName: meta("AttachmentName"),
      contentType: meta("ContentType"),
    };
    current = { decoder: new Base64Decoder() };
    if (!options.sink) {
      if (options.keep) current.chunks = [];
    } else
      try {
        current.sink = options.sink(start);
      } catch (cause) {
        throw new EdxmlError("stream_failed", { detail: start.contentId, cause });
      }
    inContent = true;
  };
  const pushContent = (text: string) => {
    const bytes = current.decoder.push(text);
    if (bytes.length === 0) return;
    if (current.chunks) current.chunks.push(bytes);
    const sink = current.sink;
    if (sink) pending.push(() => sink.write(bytes));
  };
  const endContent = () => {
    const { decoder, chunks, sink } = current;
    const validBase64 = decoder.finish();
    contents.push({
      size: decoder.size,
      validBase64,
      ...(chunks ? { bytes: new Uint8Array(Buffer.concat(chunks)) } : {}),
    });
    if (sink) pending.push(() => sink.end());
    inContent = false;
  };

  parser.on("error", (error) => {
    throw new EdxmlError("malformed_xml", { detail: error.message });
  });
  parser.on("doctype", () => {
    throw new EdxmlError("malformed_xml", { detail: "DOCTYPE" });
  });
  parser.on("opentag", (tag) => {
    const parent = stack.at(-1)!;
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) attrs[attr.local] = attr.value;
    const node: XmlNode = { name: tag.local, ns: tag.uri, attrs, children: [], text: "" };
    parent.children.push(node);
    stack.push(node);
    if (tag.local === "ContentTransferEncoded" && parent.name === "Attachment") {
      node.contentIndex = contents.length;
      startContent(parent);
      enteringContent = !tag.isSelfClosing;
    }
  });
  const onText = (text: string) => {
    if (inContent) pushContent(text);
    else stack.at(-1)!.text += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const node = stack.pop()!;
    if (inContent && node.name === "ContentTransferEncoded") endContent();
  });

  // Outside attachment content, text goes to saxes in as few writes as possible, cut only just
  // after a tag naming ContentTransferEncoded; a tail that may begin such a tag waits for the
  // next slice.
  let raw = false;
  let carry = "";
  const feed = (slice: string, last: boolean) => {
    const text = carry + slice;
    carry = "";
    let i = 0;
    while (i < text.length) {
      if (raw) {
        const lt = text.indexOf("<", i);
        const end = lt < 0 ? text.length : lt;
        if (end > i) pushContent(text.slice(i, end));
        if (lt < 0) return;
        raw = false;
        i = lt;
        continue;
      }
      const at = text.indexOf(CONTENT_TAG, i);
      const gt = at < 0 ? -1 : text.indexOf(">", at);
      if (gt >= 0) {
        parser.write(text.slice(i, gt + 1));
        i = gt + 1;
        // Only when the opening tag ended this very write; if it opened earlier in the write, saxes
        // already holds some content text, and the content stays with saxes to keep its order.
        raw = enteringContent && inContent;
        enteringContent = false;
        continue;
      }
      const keep = last
        ? text.length
        : Math.max(i, at >= 0 ? at : text.length - CONTENT_TAG.length);
      if (keep > i) parser.write(text.slice(i, keep));
      enteringContent = false;
      carry = text.slice(keep);
      return;
    }
  };

  for await (const slice of textSlices(options.input)) {
    feed(slice, false);
    await flush(pending);
  }
  feed("", true);
  parser.close();
  await flush(pending);
  const root = top.children[0];
  if (!root) throw new EdxmlError("malformed_xml", { detail: "empty" });
  return { root, contents };
}

async function flush(pending: (() => void | Promise<void>)[]) {
  try {
    for (const operation of pending.splice(0)) await operation();
  } catch (cause) {
    throw new EdxmlError("stream_failed", { cause });
  }
}
