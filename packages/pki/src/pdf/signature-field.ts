import {
  PdfArray,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfString,
  type PDF,
  type PdfObject,
  type PdfRef,
} from "@libpdf/core";
import { buildAppearance, type VisibleSignature } from "./appearance.ts";
import { BYTE_RANGE_PLACEHOLDER } from "./byte-range.ts";

export type SignatureDictionaryOptions = {
  reason?: string;
  location?: string;
  /** Shown by viewers as the signer; the certificate remains the authority. */
  name?: string;
  contactInfo?: string;
  /** Claimed signing time, written to /M (PAdES keeps it out of the CMS). */
  signingTime: Date;
  visible?: VisibleSignature;
  /** Bytes reserved for the CMS in /Contents. */
  reservedBytes: number;
};

/** D:YYYYMMDDHHmmSS+00'00' */
function pdfDate(at: Date): string {
  const iso = at.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `D:${iso}+00'00'`;
}

/**
 * Adds an unsigned signature dictionary with placeholders, and a merged field/widget pointing at
 * it, to the loaded document: invisible (zero rect, first page) or visible with an appearance.
 * Only new objects and the AcroForm, page /Annots are touched, so an incremental save stays an
 * allowed change for earlier signatures.
 */
export function addSignatureField(pdf: PDF, options: SignatureDictionaryOptions): PdfRef {
  const resolve = pdf.context.resolve.bind(pdf.context);
  const entries: Record<string, PdfObject> = {
    Type: PdfName.of("Sig"),
    Filter: PdfName.of("Adobe.PPKLite"),
    SubFilter: PdfName.of("ETSI.CAdES.detached"),
    ByteRange: new PdfArray(BYTE_RANGE_PLACEHOLDER.map((n) => PdfNumber.of(n))),
    Contents: PdfString.fromHex("00".repeat(options.reservedBytes)),
    M: PdfString.fromString(pdfDate(options.signingTime)),
  };
  if (options.reason) entries.Reason = PdfString.fromString(options.reason);
  if (options.location) entries.Location = PdfString.fromString(options.location);
  if (options.name) entries.Name = PdfString.fromString(options.name);
  if (options.contactInfo) entries.ContactInfo = PdfString.fromString(options.contactInfo);
  const signatureRef = pdf.register(PdfDict.of(entries));

  const pageIndex = (options.visible?.page ?? 1) - 1;
  const page = pdf.getPage(pageIndex);
  if (!page)
    throw new Error(
      `Tài liệu không có trang ${pageIndex + 1} / the document has no page ${pageIndex + 1}`,
    );
  const form = pdf.getOrCreateForm();
  const existing = new Set(form.getFields().map((f) => f.name));
  let n = existing.size + 1;
  while (existing.has(`Signature_${n}`)) n += 1;
  const field = form.createSignatureField(`Signature_${n}`).getDict();
  field.delete("Kids");
  field.set("V", signatureRef);
  field.set("Type", PdfName.of("Annot"));
  field.set("Subtype", PdfName.of("Widget"));
  field.set("F", PdfNumber.of(132));
  field.set("P", page.ref);
  const rect = options.visible?.rect;
  field.set(
    "Rect",
    new PdfArray(
      (rect ? [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height] : [0, 0, 0, 0]).map((v) =>
        PdfNumber.of(v),
      ),
    ),
  );
  if (options.visible) {
    const appearance = buildAppearance({
      pdf,
      visible: options.visible,
      signingTime: options.signingTime,
    });
    field.set("AP", PdfDict.of({ N: appearance }));
    const fieldRef = pdf.context.registry.getRef(field);
    if (!fieldRef)
      throw new Error("Trường chữ ký chưa được đăng ký / signature field not registered");
    const annots = page.dict.getArray("Annots", resolve);
    if (annots) annots.push(fieldRef);
    else page.dict.set("Annots", new PdfArray([fieldRef]));
  }
  const acroForm = pdf.getCatalog().getDict("AcroForm", resolve);
  acroForm?.set("SigFlags", PdfNumber.of(3));
  return signatureRef;
}
