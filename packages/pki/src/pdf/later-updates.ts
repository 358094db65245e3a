/**
 * What the incremental updates after a signature changed, and whether a validator should accept
 * it. Adding signatures, their fields and appearances, annotations, and the DSS is what PAdES
 * workflows do (leader, then seal, then B-LT); anything touching existing page content or other
 * objects is a change the signer never saw.
 */
import {
  PDF,
  PdfArray,
  PdfBool,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfRef,
  PdfStream,
  PdfString,
  type PdfObject,
} from "@libpdf/core";

export type ChangeKind = "signature" | "annotation" | "form" | "dss" | "metadata" | "content";

export type LaterUpdate = {
  /** Byte offset where the update ends (after its %%EOF). */
  end: number;
  kinds: ChangeKind[];
  allowed: boolean;
  /** Objects whose change is not allowed, as "n g". */
  disallowedObjects: string[];
};

const ALLOWED_CATALOG_KEYS = new Set(["DSS", "AcroForm", "Extensions", "Metadata"]);

/** End offsets of each revision: after every `%%EOF` and its line end. */
export function revisionEnds(pdf: Uint8Array): number[] {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  const ends: number[] = [];
  for (const m of text.matchAll(/%%EOF(\r\n|\r|\n)?/g)) ends.push((m.index ?? 0) + m[0].length);
  return ends;
}

export async function describeLaterUpdates(options: {
  pdf: Uint8Array;
  signedEnd: number;
  full: PDF;
}): Promise<LaterUpdate[]> {
  const { pdf, signedEnd, full } = options;
  const ends = revisionEnds(pdf).filter((end) => end > signedEnd + 2);
  if (ends.length === 0) return [];
  const old = await PDF.load(pdf.subarray(0, signedEnd));
  const oldCatalog = old.context.registry.getRef(old.getCatalog());
  const oldResolve = old.context.resolve.bind(old.context);
  const acroFormRef = old.getCatalog().getRef("AcroForm");
  const updates: LaterUpdate[] = [];
  let start = signedEnd;
  for (const end of ends) {
    const segment = Buffer.from(pdf.subarray(start, end)).toString("latin1");
    const kinds = new Set<ChangeKind>();
    const disallowed: string[] = [];
    if (/\/Type\s*\/ObjStm/.test(segment)) disallowed.push("ObjStm");
    for (const m of segment.matchAll(/(?<![0-9])(\d{1,10})\s{1,4}(\d{1,5})\s{1,4}obj\b/g)) {
      const ref = PdfRef.of(Number(m[1]), Number(m[2]));
      const kind = classify({
        ref,
        before: old.getObject(ref),
        after: full.getObject(ref),
        catalog: oldCatalog,
        acroForm: acroFormRef,
        resolve: oldResolve,
      });
      if (kind === undefined) continue;
      kinds.add(kind);
      if (kind === "content") disallowed.push(`${ref.objectNumber} ${ref.generation}`);
    }
    updates.push({
      end,
      kinds: [...kinds],
      allowed: disallowed.length === 0,
      disallowedObjects: disallowed,
    });
    start = end;
  }
  return updates;
}

type Classify = {
  ref: PdfRef;
  before: PdfObject | null;
  after: PdfObject | null;
  catalog: PdfRef | null;
  acroForm: PdfRef | undefined;
  resolve: (ref: PdfRef) => PdfObject | null;
};

function classify({
  ref,
  before,
  after,
  catalog,
  acroForm,
  resolve,
}: Classify): ChangeKind | undefined {
  if (!after) return undefined;
  if (!before) return kindOfNew(after);
  if (sameValue(before, after)) return undefined;
  const same = (r?: PdfRef | null) =>
    !!r && r.objectNumber === ref.objectNumber && r.generation === ref.generation;
  if (same(catalog)) return onlyKeysDiffer(before, after, ALLOWED_CATALOG_KEYS) ? "dss" : "content";
  if (same(acroForm)) return "form";
  if (before instanceof PdfDict && !(before instanceof PdfStream)) {
    const type = before.getName("Type", resolve as never)?.value;
    if (type === "Page")
      return onlyKeysDiffer(before, after, new Set(["Annots"])) ? "annotation" : "content";
    if (before.getName("FT", resolve as never)?.value === "Sig" && !before.has("V"))
      return "signature";
    if (before.has("Producer") || before.has("ModDate") || before.has("Creator")) return "metadata";
  }
  if (before instanceof PdfArray && after instanceof PdfArray)
    return before.toArray().every((item, i) => sameValue(item, after.at(i) ?? null))
      ? "annotation"
      : "content";
  return "content";
}

function kindOfNew(value: PdfObject): ChangeKind | undefined {
  if (!(value instanceof PdfDict) || value instanceof PdfStream) return undefined;
  const type = value.getName("Type")?.value;
  if (type === "Sig" || type === "DocTimeStamp" || value.getName("FT")?.value === "Sig")
    return "signature";
  if (type === "Annot" || value.has("Subtype")) return "annotation";
  if (value.has("Certs") || value.has("CRLs") || value.has("OCSPs") || value.has("VRI"))
    return "dss";
  return undefined;
}

function onlyKeysDiffer(before: PdfObject, after: PdfObject, allowed: Set<string>): boolean {
  if (!(before instanceof PdfDict) || !(after instanceof PdfDict)) return false;
  const keys = new Set([...before.keys(), ...after.keys()].map((k) => k.value));
  for (const key of keys)
    if (!allowed.has(key) && !sameValue(before.get(key) ?? null, after.get(key) ?? null))
      return false;
  return true;
}

/** Structural equality of two direct PDF values; references compare by number. */
function sameValue(a: PdfObject | null, b: PdfObject | null): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof PdfRef)
    return (
      b instanceof PdfRef && a.objectNumber === b.objectNumber && a.generation === b.generation
    );
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfNumber) return b instanceof PdfNumber && a.value === b.value;
  if (a instanceof PdfBool) return b instanceof PdfBool && a.value === b.value;
  if (a instanceof PdfString)
    return b instanceof PdfString && Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  if (a instanceof PdfArray)
    return (
      b instanceof PdfArray &&
      a.length === b.length &&
      a.toArray().every((item, i) => sameValue(item, b.at(i) ?? null))
    );
  if (
    a instanceof PdfStream &&
    !(b instanceof PdfStream && Buffer.from(a.data).equals(Buffer.from(b.data)))
  )
    return false;
  if (a instanceof PdfDict) return b instanceof PdfDict && onlyKeysDiffer(a, b, new Set());
  return a.type === b.type;
}
