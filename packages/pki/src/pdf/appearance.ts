/**
 * Appearance streams of visible signatures, as Thông tư 01/2019/TT-BNV describes them: the
 * signer's handwritten image, and the agency's red seal with the agency name and the signing
 * time (hh:mm:ss, dd/MM/yyyy, Vietnam time). They live in the widget's /AP, never in the page
 * content, so adding one after an earlier signature is an allowed change.
 */
import fs from "node:fs";
import {
  PdfArray,
  PdfDict,
  PdfName,
  PdfNumber,
  PdfStream,
  type PDF,
  type PdfRef,
} from "@libpdf/core";

export type Rect = { x: number; y: number; width: number; height: number };

export type SignatureAppearance =
  /** The signer's handwritten signature, a (transparent) PNG or a JPEG. */
  | { kind: "image"; image: Uint8Array }
  /** The agency's red seal: a seal image when the agency has one, else a drawn seal with its name. */
  | { kind: "seal"; agencyName: string; sealImage?: Uint8Array };

export type VisibleSignature = {
  /** 1-based page number. */
  page: number;
  rect: Rect;
  appearance: SignatureAppearance;
  /** A TrueType font with Vietnamese glyphs for the seal's text; a system font is used otherwise. */
  font?: Uint8Array;
};

const RED = "0.85 0.1 0.1";

/** Fonts with Vietnamese glyphs found on common systems (Debian, Windows, macOS). */
const SYSTEM_FONTS = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  "C:\\Windows\\Fonts\\arial.ttf",
  "/System/Library/Fonts/Supplemental/Arial.ttf",
];

/** A seal's real size: 40 mm across, in PDF points. */
export const SEAL_DIAMETER = 113;

/**
 * Where the agency seal goes when the caller gives no rect: at real size, its ring over the
 * left third of the signer's signature (Thông tư 01/2019/TT-BNV), with the name and time below.
 */
export function defaultSealRect(signer: Rect, diameter = SEAL_DIAMETER): Rect {
  const textBand = 24;
  const width = diameter * 1.8;
  const ringLeft = signer.x + signer.width / 3 - diameter;
  return {
    x: ringLeft - (width - diameter) / 2,
    y: signer.y + signer.height / 2 - diameter / 2 - textBand,
    width,
    height: diameter + textBand,
  };
}

/** "hh:mm:ss, dd/MM/yyyy" in Vietnam time, the form the visible seal shows. */
export function formatVietnamTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Ho_Chi_Minh",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute}:${parts.second}, ${parts.day}/${parts.month}/${parts.year}`;
}

/** Registers the appearance stream (a Form XObject sized to the rect) and returns its reference. */
export function buildAppearance(options: {
  pdf: PDF;
  visible: VisibleSignature;
  signingTime: Date;
}): PdfRef {
  const { pdf, visible } = options;
  const { width, height } = visible.rect;
  const resources = new PdfDict();
  const content: string[] = [];
  const { appearance } = visible;
  const image = appearance.kind === "image" ? appearance.image : appearance.sealImage;
  if (appearance.kind === "seal") {
    const font = pdf.embedFont(visible.font ?? systemFont());
    resources.set("Font", PdfDict.of({ F1: pdf.getFontRef(font)! }));
    const lines = [
      `Ký bởi: ${appearance.agencyName}`,
      `Thời gian ký: ${formatVietnamTime(options.signingTime)}`,
    ];
    const widest = Math.max(...lines.map((line) => textWidth(font, line, 1)));
    const size = Math.max(4, Math.min(9, height / 8, width / widest));
    const diameter = Math.min(width, height - size * 2.6);
    const origin = (width - diameter) / 2;
    content.push(
      image
        ? placeImage(pdf, resources, image, {
            x: origin,
            y: height - diameter,
            width: diameter,
            height: diameter,
          })
        : `q 1 0 0 1 ${fmt(origin)} ${fmt(height - diameter)} cm\n${drawnSeal(diameter, appearance.agencyName, font)}\nQ`,
    );
    lines.forEach((line, i) => {
      const x = (width - textWidth(font, line, size)) / 2;
      content.push(
        `BT /F1 ${fmt(size)} Tf ${RED} rg ${fmt(x)} ${fmt(size * (1.5 - i * 1.25))} Td <${hexOf(font, line)}> Tj ET`,
      );
    });
  } else if (image) {
    content.push(placeImage(pdf, resources, image, { x: 0, y: 0, width, height }));
  }
  const stream = PdfStream.fromDict(
    {
      Type: PdfName.of("XObject"),
      Subtype: PdfName.of("Form"),
      BBox: new PdfArray([0, 0, width, height].map((n) => PdfNumber.of(n))),
      Resources: resources,
    },
    new Uint8Array(Buffer.from(content.join("\n"), "latin1")),
  );
  return pdf.register(stream);
}

/** Draws an image scaled to fit `box`, keeping its aspect ratio, centred in it. */
function placeImage(pdf: PDF, resources: PdfDict, bytes: Uint8Array, box: Rect) {
  const image = pdf.embedImage(bytes);
  resources.set("XObject", PdfDict.of({ Im1: image.ref }));
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const [w, h] = [image.width * scale, image.height * scale];
  const [x, y] = [box.x + (box.width - w) / 2, box.y + (box.height - h) / 2];
  return `q ${fmt(w)} 0 0 ${fmt(h)} ${fmt(x)} ${fmt(y)} cm /Im1 Do Q`;
}

type Font = ReturnType<PDF["embedFont"]>;

/** Two red rings with the agency name across the middle, for agencies without a seal image. */
function drawnSeal(diameter: number, name: string, font: Font): string {
  const r = diameter / 2;
  const size = Math.max(5, Math.min(14, diameter / 8));
  const lines = wrap(name.toUpperCase(), 14).slice(0, 3);
  const out = [`q ${RED} RG 1.5 w ${circle(r, r, r - 1)} S 0.6 w ${circle(r, r, r - 4)} S Q`];
  lines.forEach((line, i) => {
    const lineWidth = textWidth(font, line, size);
    const y = r + ((lines.length - 1) / 2 - i) * size * 1.2 - size * 0.35;
    out.push(
      `BT /F1 ${fmt(size)} Tf ${RED} rg ${fmt(r - lineWidth / 2)} ${fmt(y)} Td <${hexOf(font, line)}> Tj ET`,
    );
  });
  return out.join("\n");
}

function circle(cx: number, cy: number, r: number): string {
  const k = 0.5523 * r;
  return [
    `${fmt(cx + r)} ${fmt(cy)} m`,
    `${fmt(cx + r)} ${fmt(cy + k)} ${fmt(cx + k)} ${fmt(cy + r)} ${fmt(cx)} ${fmt(cy + r)} c`,
    `${fmt(cx - k)} ${fmt(cy + r)} ${fmt(cx - r)} ${fmt(cy + k)} ${fmt(cx - r)} ${fmt(cy)} c`,
    `${fmt(cx - r)} ${fmt(cy - k)} ${fmt(cx - k)} ${fmt(cy - r)} ${fmt(cx)} ${fmt(cy - r)} c`,
    `${fmt(cx + k)} ${fmt(cy - r)} ${fmt(cx + r)} ${fmt(cy - k)} ${fmt(cx + r)} ${fmt(cy)} c`,
  ].join(" ");
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length < width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function textWidth(font: Font, text: string, size: number): number {
  return (
    (font.encodeTextToGids(text).reduce((sum, gid) => sum + font.getWidth(gid), 0) * size) / 1000
  );
}

/** Identity-H text: two bytes per glyph id. */
function hexOf(font: Font, text: string): string {
  return font
    .encodeTextToGids(text)
    .map((gid) => gid.toString(16).padStart(4, "0"))
    .join("");
}

function fmt(n: number): string {
  return Number(n.toFixed(2)).toString();
}

function systemFont(): Uint8Array {
  const found = SYSTEM_FONTS.find((f) => fs.existsSync(f));
  if (!found)
    throw new Error(
      "Không tìm thấy phông chữ tiếng Việt; hãy truyền `font` / no font with Vietnamese glyphs found; pass `font`",
    );
  return new Uint8Array(fs.readFileSync(found));
}
