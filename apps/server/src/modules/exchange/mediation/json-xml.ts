import { SaxesParser } from "saxes";

/**
 * JSON ↔ XML conversion for providers that speak XML (the LGSP's legal duty to "convert
 * protocols and data formats"), with one fixed, documented mapping:
 *
 * - an object member becomes an element named after its key; an array becomes the element
 *   repeated; a string, number or boolean becomes the element's text; `null` an empty element
 *   with `xsi:nil="true"`;
 * - keys starting with `@` become attributes, the key `#text` the element's own text;
 * - a key that is not an XML name is written as `_` followed by its UTF-8 bytes in hex
 *   (`so luong` → `_736f206c756f6e67`), and read back the same way;
 * - the whole document is wrapped in one root element (default `jsonObject`, as WSO2 and Apache
 *   Synapse name it).
 *
 * XML read back gives strings for every text (no guessing of numbers), an array only where an
 * element repeats, and `{}` for an empty element. So JSON → XML → JSON returns the same value when
 * every leaf is a string and no array has fewer than two items; XML → JSON → XML returns the same
 * document (up to whitespace between elements, comments and processing instructions).
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
const XSI = "http://www.w3.org/2001/XMLSchema-instance";
/** Deepest nesting converted either way; deeper input is refused rather than overflow the stack. */
export const MAX_DEPTH = 200;

export class MediationError extends Error {
  override name = "MediationError";
}

function elementName(key: string): string {
  if (XML_NAME.test(key) && !/^xml/i.test(key) && !/^_[0-9a-f]+$/.test(key)) return key;
  return `_${Buffer.from(key, "utf8").toString("hex")}`;
}

function keyOf(name: string): string {
  const hex = /^_([0-9a-f]+)$/.exec(name)?.[1];
  return hex && hex.length % 2 === 0 ? Buffer.from(hex, "hex").toString("utf8") : name;
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(text: string): string {
  return escapeText(text)
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#13;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

/** Characters XML 1.0 cannot carry at all; refused rather than silently dropped. */
// eslint-disable-next-line no-control-regex -- these are exactly the characters refused
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function scalar(value: string | number | boolean, path: string): string {
  if (typeof value === "number" && !Number.isFinite(value))
    throw new MediationError(`${path}: not a finite number`);
  const text = String(value);
  if (NOT_XML.test(text)) throw new MediationError(`${path}: a character XML cannot carry`);
  return text;
}

export function jsonToXml(value: Json, { root = "jsonObject" }: { root?: string } = {}): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let usesNil = false;
  const write = (name: string, node: Json, path: string, depth: number) => {
    if (depth > MAX_DEPTH) throw new MediationError(`${path}: nested deeper than ${MAX_DEPTH}`);
    if (Array.isArray(node)) {
      if (depth === 0)
        throw new MediationError("$: the document must be an object or a value, not an array");
      node.forEach((item, i) => {
        if (Array.isArray(item))
          throw new MediationError(
            `${path}[${i}]: an array directly inside an array has no XML form`,
          );
        write(name, item, `${path}[${i}]`, depth + 1);
      });
      return;
    }
    if (node === null) {
      usesNil = true;
      out.push(`<${name} xsi:nil="true"/>`);
      return;
    }
    if (typeof node !== "object") {
      out.push(`<${name}>${escapeText(scalar(node, path))}</${name}>`);
      return;
    }
    const attributes: string[] = [];
    const children: [string, Json][] = [];
    let text: string | undefined;
    for (const [key, child] of Object.entries(node)) {
      if (key === "#text") {
        if (child === null || typeof child === "object")
          throw new MediationError(`${path}.#text: must be a string, number or boolean`);
        text = scalar(child, `${path}.#text`);
      } else if (key.startsWith("@") && key.length > 1) {
        if (child === null || typeof child === "object")
          throw new MediationError(
            `${path}.${key}: an attribute must be a string, number or boolean`,
          );
        attributes.push(
          ` ${elementName(key.slice(1))}="${escapeAttribute(scalar(child, `${path}.${key}`))}"`,
        );
      } else children.push([key, child]);
    }
    out.push(`<${name}${attributes.join("")}>`);
    if (text !== undefined) out.push(escapeText(text));
    for (const [key, child] of children)
      write(elementName(key), child, `${path}.${key}`, depth + 1);
    out.push(`</${name}>`);
  };
  write(elementName(root), value, "$", 0);
  if (usesNil) {
    // Declare the xsi prefix on the root element.
    const first = out[1]!;
    out[1] = first.replace(/^<([^\s/>]+)/, `<$1 xmlns:xsi="${XSI}"`);
  }
  return out.join("");
}

type Frame = { name: string; value: { [key: string]: Json }; text: string; nil: boolean };

/** Reads an XML document into the JSON the mapping above gives; the root element is dropped. */
export function xmlToJson(xml: string): Json {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: Frame[] = [];
  let result: Json | undefined;
  parser.on("doctype", () => {
    // No DTDs: no entity expansion, no external fetches.
    throw new MediationError("a DOCTYPE is not accepted");
  });
  parser.on("opentag", (tag) => {
    if (stack.length >= MAX_DEPTH) throw new MediationError(`nested deeper than ${MAX_DEPTH}`);
    // No prototype: an element named `__proto__` is an ordinary key, never the object's prototype.
    const value: { [key: string]: Json } = Object.create(null) as { [key: string]: Json };
    let nil = false;
    for (const [name, attribute] of Object.entries(tag.attributes as Record<string, string>)) {
      if (name === "xmlns:xsi") continue;
      if (name === "xsi:nil") {
        nil = attribute === "true";
        continue;
      }
      value[`@${keyOf(name)}`] = attribute;
    }
    stack.push({ name: tag.name, value, text: "", nil });
  });
  parser.on("text", (text) => {
    if (stack.length > 0) stack.at(-1)!.text += text;
  });
  parser.on("cdata", (text) => {
    if (stack.length > 0) stack.at(-1)!.text += text;
  });
  parser.on("closetag", () => {
    const frame = stack.pop()!;
    const hasChildren = Object.keys(frame.value).some((k) => !k.startsWith("@"));
    const hasAttributes = Object.keys(frame.value).some((k) => k.startsWith("@"));
    const text = hasChildren ? frame.text.trim() : frame.text;
    let node: Json;
    if (frame.nil && !hasChildren && !hasAttributes) node = null;
    else if (!hasChildren && !hasAttributes) node = text === "" ? frame.value : text;
    else {
      node = frame.value;
      if (text !== "") node["#text"] = text;
    }
    const parent = stack.at(-1);
    if (!parent) {
      result = node;
      return;
    }
    const key = keyOf(frame.name);
    // Every array in the result comes from a repeated element: no other value read is an array.
    const existing = parent.value[key];
    if (existing === undefined) parent.value[key] = node;
    else if (Array.isArray(existing)) existing.push(node);
    else parent.value[key] = [existing, node];
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof MediationError) throw error;
    throw new MediationError(`not well-formed XML: ${(error as Error).message}`);
  }
  if (result === undefined) throw new MediationError("no root element");
  return result;
}
