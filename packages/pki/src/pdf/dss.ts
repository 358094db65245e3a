import { createHash } from "node:crypto";
import { PDF, PdfArray, PdfDict, PdfStream, type PdfRef } from "@libpdf/core";

export type ValidationMaterial = {
  certificates?: readonly Uint8Array[];
  crls?: readonly Uint8Array[];
  ocsps?: readonly Uint8Array[];
};

const KEYS = { certificates: "Certs", crls: "CRLs", ocsps: "OCSPs" } as const;

/**
 * Adds (or extends) the Document Security Store (ETSI EN 319 142-1 §5.4, PAdES B-LT) in an
 * incremental update: certificates, CRLs and OCSP responses a validator needs to check the
 * signatures offline, years later. Entries already present are not repeated. The optional
 * per-signature VRI dictionaries are left out; validators search the whole DSS.
 */
export async function addDocumentSecurityStore(options: {
  pdf: Uint8Array;
  material: ValidationMaterial;
}): Promise<Uint8Array> {
  const pdf = await PDF.load(options.pdf);
  const resolve = pdf.context.resolve.bind(pdf.context);
  const catalog = pdf.getCatalog();
  const dss = catalog.getDict("DSS", resolve) ?? new PdfDict();
  for (const [field, key] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) {
    const items = options.material[field] ?? [];
    if (items.length === 0) continue;
    const array = dss.getArray(key, resolve) ?? new PdfArray([]);
    const present = new Set(
      array
        .toArray()
        .map((item) => resolve(item as PdfRef))
        .filter((item): item is PdfStream => item instanceof PdfStream)
        .map((stream) => hashOf(stream.getDecodedData())),
    );
    for (const item of items) {
      const hash = hashOf(item);
      if (present.has(hash)) continue;
      present.add(hash);
      array.push(pdf.register(new PdfStream([], new Uint8Array(item))));
    }
    dss.set(key, array);
  }
  if (!catalog.getRef("DSS")) catalog.set("DSS", pdf.register(dss));
  return pdf.save({ incremental: true });
}

function hashOf(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
