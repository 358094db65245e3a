import { DOMParser, type Document, type Element, type Node } from "@xmldom/xmldom";
import { C14nCanonicalization, ExclusiveCanonicalization } from "xml-crypto";
import { EdxmlError } from "../errors.ts";
import { URI } from "./algorithms.ts";

/**
 * Parses a package for signing or verifying. A DOCTYPE is refused outright: edXML has none, and
 * entity declarations are how signature wrapping and entity-expansion attacks begin.
 */
export function parseDocument(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml.slice(0, 4096)))
    throw new EdxmlError("malformed_xml", { detail: "DOCTYPE" });
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new EdxmlError("malformed_xml", { detail: message });
      },
    }).parseFromString(xml, "text/xml");
    if (!doc.documentElement) throw new EdxmlError("malformed_xml", { detail: "empty" });
    if (doc.doctype) throw new EdxmlError("malformed_xml", { detail: "DOCTYPE" });
    return doc;
  } catch (error) {
    if (error instanceof EdxmlError) throw error;
    throw new EdxmlError("malformed_xml", { detail: (error as Error).message, cause: error });
  }
}

export function childElements(node: Node, localName?: string, ns?: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling)
    if (
      c.nodeType === c.ELEMENT_NODE &&
      (localName === undefined || (c as Element).localName === localName) &&
      (ns === undefined || (c as Element).namespaceURI === ns)
    )
      out.push(c as Element);
  return out;
}

/** The edXMLHeader element where the standard puts the Signature, or undefined. */
export function findHeader(doc: Document): Element | undefined {
  const root = doc.documentElement!;
  const envelope =
    root.localName === "edXMLEnvelope" ? root : childElements(root, "edXMLEnvelope")[0];
  return envelope ? childElements(envelope, "edXMLHeader")[0] : undefined;
}

/** Namespace declarations in scope above a node, which inclusive c14n must render. */
function ancestorNamespaces(node: Element) {
  const found = new Map<string, string>();
  for (let p = node.parentNode; p && p.nodeType === p.ELEMENT_NODE; p = p.parentNode) {
    const attrs = (p as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if (a.prefix === "xmlns" && a.localName && !found.has(a.localName))
        found.set(a.localName, a.value);
    }
  }
  return [...found].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

/** Canonical form of an element by one of the two c14n methods the profile allows. */
export function canonicalize(node: Element, method: string): string {
  if (method === URI.excC14n) return new ExclusiveCanonicalization().process(node as never, {});
  if (method === URI.c14n)
    return new C14nCanonicalization().process(node as never, {
      ancestorNamespaces: ancestorNamespaces(node),
    }) as string;
  throw new EdxmlError("invalid_package", { detail: `c14n ${method}` });
}
