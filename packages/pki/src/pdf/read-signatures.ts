import {
  PDF,
  PdfArray,
  PdfNumber,
  PdfStream,
  type PdfDict,
  type PdfRef,
  type SignatureField,
} from "@libpdf/core";
import type { ByteRange } from "./byte-range.ts";

export type PdfSignatureEntry = {
  fieldName: string;
  subFilter: string | undefined;
  /** /Type /DocTimeStamp marks a document timestamp rather than a signature. */
  documentTimestamp: boolean;
  byteRange: ByteRange | undefined;
  /** The CMS bytes of /Contents (zero padding included). */
  contents: Uint8Array;
  claimedSigningTime: Date | undefined;
  reason: string | undefined;
  location: string | undefined;
};

export type PdfDocumentSignatures = {
  document: PDF;
  signatures: PdfSignatureEntry[];
  /** Certificates, CRLs and OCSP responses of the Document Security Store. */
  dss: { certificates: Uint8Array[]; crls: Uint8Array[]; ocsps: Uint8Array[] };
};

/** Lists the signed signature fields of a PDF and its DSS; throws when the file is not a PDF. */
export async function readPdfSignatures(pdf: Uint8Array): Promise<PdfDocumentSignatures> {
  const document = await PDF.load(pdf);
  const resolve = document.context.resolve.bind(document.context);
  const signatures: PdfSignatureEntry[] = [];
  for (const field of document.getForm()?.getFields() ?? []) {
    if (field.type !== "signature") continue;
    const dict = (field as SignatureField).getSignatureDict();
    if (dict) signatures.push(entryOf(field.name, dict, resolve));
  }
  signatures.sort(
    (a, b) =>
      (a.byteRange?.[3] ?? 0) +
      (a.byteRange?.[2] ?? 0) -
      ((b.byteRange?.[3] ?? 0) + (b.byteRange?.[2] ?? 0)),
  );
  const dssDict = document.getCatalog().getDict("DSS", resolve);
  const streams = (key: string) =>
    (dssDict?.getArray(key, resolve)?.toArray() ?? [])
      .map((item) => resolve(item as PdfRef))
      .filter((item): item is PdfStream => item instanceof PdfStream)
      .map((stream) => stream.getDecodedData());
  return {
    document,
    signatures,
    dss: { certificates: streams("Certs"), crls: streams("CRLs"), ocsps: streams("OCSPs") },
  };
}

function entryOf(
  fieldName: string,
  dict: PdfDict,
  resolve: (ref: PdfRef) => unknown,
): PdfSignatureEntry {
  const range = dict.getArray("ByteRange", resolve as never);
  const numbers =
    range instanceof PdfArray
      ? range.toArray().map((n) => (n instanceof PdfNumber ? n.value : Number.NaN))
      : [];
  const text = (key: string) => dict.getString(key, resolve as never)?.asString();
  return {
    fieldName,
    subFilter: dict.getName("SubFilter", resolve as never)?.value,
    documentTimestamp: dict.getName("Type", resolve as never)?.value === "DocTimeStamp",
    byteRange:
      numbers.length === 4 && numbers.every((n) => Number.isSafeInteger(n) && n >= 0)
        ? (numbers as ByteRange)
        : undefined,
    contents: dict.getString("Contents", resolve as never)?.bytes ?? new Uint8Array(0),
    claimedSigningTime: pdfDateOf(text("M")),
    reason: text("Reason"),
    location: text("Location"),
  };
}

/** Reads `D:YYYYMMDDHHmmSS+hh'mm'` (parts after the year optional). */
export function pdfDateOf(value: string | undefined): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?/.exec(
    value ?? "",
  );
  if (!m) return undefined;
  const [, y, mo = "01", d = "01", h = "00", mi = "00", s = "00", sign, oh = "00", om = "00"] = m;
  const offset = sign === "+" || sign === "-" ? `${sign}${oh}:${om}` : "Z";
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
