import { EdxmlError } from "./errors.ts";

/** The edXML namespace of QCVN 102:2016. */
export const EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
export const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

/** Characters XML 1.0 cannot carry at all, escaped or not (C0 controls, lone surrogates, FFFE). */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Escapes text content. CR is written as a character reference because a parser turns a literal
 * CR into LF, and the value must read back as written.
 */
export function escapeText(value: string, path: string): string {
  const bad = NOT_XML_CHAR.exec(value);
  if (bad)
    throw new EdxmlError("invalid_character", {
      detail: `${path}: U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
    });
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll("\r", "&#13;");
}

/** An element of the edXML namespace with escaped text, or nothing when the value is absent. */
export function el(name: string, value: string | number | undefined, path: string): string {
  if (value === undefined) return "";
  return `<edXML:${name}>${escapeText(String(value), `${path}/${name}`)}</edXML:${name}>`;
}

/** An element of the edXML namespace around already written children. */
export function wrap(name: string, children: string): string {
  return `<edXML:${name}>${children}</edXML:${name}>`;
}
