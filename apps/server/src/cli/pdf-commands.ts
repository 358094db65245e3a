import fs from "node:fs";
import type { Command } from "./commands.ts";
import { passwordFromEnv, reportMissing } from "./options.ts";

// The PKI package loads only when a pdf command runs; neither command needs the database.
const pki = () => import("@lienthong/pki");

const LEVELS = ["B-B", "B-T", "B-LT"] as const;

/** Parses "x,y,w,h" in PDF points; undefined when malformed. */
function parseRect(text: string) {
  const parts = text.split(",").map(Number);
  if (
    parts.length !== 4 ||
    parts.some((n) => !Number.isFinite(n)) ||
    parts[2]! <= 0 ||
    parts[3]! <= 0
  )
    return undefined;
  const [x, y, width, height] = parts as [number, number, number, number];
  return { x, y, width, height };
}

/** Turns a missing file or a coded PKI error into its sentence and exit code 1. */
async function guarded(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    console.error(`Lỗi / error: ${error.message}`);
    return 1;
  }
}

const sign: Command = {
  name: "pdf sign",
  summary: "Ký số tệp PDF (PAdES) / sign a PDF (PAdES)",
  usage: `lienthong pdf sign --in A.pdf --out B.pdf --p12 FILE --password-env VAR [--tsa URL]
                     [--visible-image PNG --page N --rect x,y,w,h] [--level B-B|B-T|B-LT]
                     [--reason TEXT] [--location TEXT]

Ký tệp PDF bằng chứng thư trong tệp PKCS#12 (mật khẩu đọc từ biến môi trường VAR), theo PAdES
(ETSI.CAdES.detached), thêm vào cuối tệp nên các chữ ký trước vẫn hợp lệ. B-T và B-LT cần --tsa
(máy chủ dấu thời gian RFC 3161). --visible-image đặt ảnh chữ ký tay ở trang N, khung x,y,w,h (điểm PDF).
Signs A.pdf with the PKCS#12 certificate as PAdES in an incremental update; B-T and B-LT need
--tsa; --visible-image places a handwritten signature image on page N at x,y,w,h.`,
  options: {
    in: { type: "string" },
    out: { type: "string" },
    p12: { type: "string" },
    "password-env": { type: "string" },
    tsa: { type: "string" },
    "visible-image": { type: "string" },
    page: { type: "string" },
    rect: { type: "string" },
    level: { type: "string" },
    reason: { type: "string" },
    location: { type: "string" },
  },
  run: (values) =>
    guarded(async () => {
      const missing = ["in", "out", "p12", "password-env"].filter((k) => values[k] === undefined);
      const level = (values.level as string | undefined) ?? (values.tsa ? "B-T" : "B-B");
      const rect = values.rect ? parseRect(values.rect as string) : undefined;
      const problem = missing.length
        ? `Thiếu / missing: ${missing.map((m) => `--${m}`).join(", ")}`
        : !LEVELS.includes(level as (typeof LEVELS)[number])
          ? "--level: B-B | B-T | B-LT"
          : level !== "B-B" && !values.tsa
            ? `Mức ${level} cần --tsa / level ${level} needs --tsa`
            : values["visible-image"] && !rect
              ? "--visible-image cần --rect x,y,w,h / --visible-image needs --rect x,y,w,h"
              : undefined;
      if (problem) {
        console.error(`${problem}\n\n${sign.usage}`);
        return 2;
      }
      const password = passwordFromEnv(values);
      if (!password) return 2;
      const { readPkcs12, keyObjectSigner, signPdf, httpTimestampSource } = await pki();
      const signer = keyObjectSigner(readPkcs12(fs.readFileSync(values.p12 as string), password));
      const signed = await signPdf({
        pdf: new Uint8Array(fs.readFileSync(values.in as string)),
        signer,
        level: level as (typeof LEVELS)[number],
        ...(values.tsa ? { timestamp: httpTimestampSource(values.tsa as string) } : {}),
        ...(values.reason ? { reason: values.reason as string } : {}),
        ...(values.location ? { location: values.location as string } : {}),
        ...(values["visible-image"] && rect
          ? {
              visible: {
                page: Number(values.page ?? 1),
                rect,
                appearance: {
                  kind: "image" as const,
                  image: new Uint8Array(fs.readFileSync(values["visible-image"] as string)),
                },
              },
            }
          : {}),
      });
      fs.writeFileSync(values.out as string, signed);
      console.log(`Đã ký / signed (${level}): ${String(values.out)}`);
      return 0;
    }),
};

const verify: Command = {
  name: "pdf verify",
  summary: "Kiểm tra chữ ký số tệp PDF / validate a PDF's signatures",
  usage: `lienthong pdf verify --in B.pdf [--trust PEM]... [--crl FILE]... [--offline] [--json]

Kiểm tra từng chữ ký: toàn vẹn, người ký, chuỗi chứng thư tới các tệp --trust, tình trạng thu hồi
tại thời điểm ký (dữ liệu trong DSS, --crl, rồi tải qua mạng trừ khi có --offline), dấu thời gian,
và các thay đổi sau khi ký. Mã thoát 0 chỉ khi mọi chữ ký TOTAL_PASSED.
Validates every signature (integrity, signer, chain to the --trust anchors, revocation at signing
time, timestamp, later changes); exit 0 only when every signature is TOTAL_PASSED.`,
  options: {
    in: { type: "string" },
    trust: { type: "string", multiple: true },
    crl: { type: "string", multiple: true },
    offline: { type: "boolean" },
    json: { type: "boolean" },
  },
  run: (values) =>
    guarded(async () => {
      if (reportMissing(values, ["in"], verify.usage)) return 2;
      const { readCertificateBytes, validatePdfSignatures, formatValidationReport } = await pki();
      const trustAnchors = ((values.trust as string[] | undefined) ?? []).flatMap((file) =>
        readCertificateBytes(new Uint8Array(fs.readFileSync(file))),
      );
      const crls = ((values.crl as string[] | undefined) ?? []).map(
        (f) => new Uint8Array(fs.readFileSync(f)),
      );
      const report = await validatePdfSignatures({
        pdf: new Uint8Array(fs.readFileSync(values.in as string)),
        trustAnchors,
        revocation: { crls, fetch: values.offline !== true },
      });
      console.log(values.json ? JSON.stringify(report, null, 2) : formatValidationReport(report));
      return report.indication === "TOTAL_PASSED" ? 0 : 1;
    }),
};

export const pdfCommands: Command[] = [sign, verify];
