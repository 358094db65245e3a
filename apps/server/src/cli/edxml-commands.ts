import fs from "node:fs";
import type { Command } from "./commands.ts";
import { passwordFromEnv, reportMissing } from "./options.ts";

// The edXML and PKI packages load only when an edxml command runs; none needs the database.
const edxml = () => import("@lienthong/edxml");

/**
 * Runs a command body, turning coded errors (EdxmlError, PkiError, a missing file) into their
 * sentence and exit code 1; anything else is a bug and goes up with its stack.
 */
async function guarded(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof Error) || typeof (error as { code?: unknown }).code !== "string")
      throw error;
    console.error(error.message);
    return 1;
  }
}

/** Opens a file as a stream, failing at once (ENOENT, EACCES) rather than mid-parse. */
function openInput(file: string) {
  fs.accessSync(file, fs.constants.R_OK);
  return fs.createReadStream(file);
}

const validate: Command = {
  name: "edxml validate",
  summary: "Kiểm tra gói tin edXML / validate an edXML package",
  usage: `lienthong edxml validate FILE [--json]

Kiểm tra gói tin theo QCVN 102:2016 (sửa đổi 2022): trường bắt buộc, độ dài, mã định danh,
DocumentId, mã trạng thái, danh mục tệp đính kèm và base64. Mã thoát 0 khi hợp lệ, 1 khi không.
Validates a package against QCVN 102:2016; exit 0 when valid, 1 otherwise.`,
  options: { json: { type: "boolean" } },
  positionals: { min: 1, max: 1 },
  run: (values, [file]) =>
    guarded(async () => {
      const { validateEdxml } = await edxml();
      const result = await validateEdxml({ input: openInput(file!) });
      if (values.json) console.log(JSON.stringify(result, null, 2));
      else if (result.valid) console.log(`Hợp lệ / valid (${result.kind})`);
      else {
        console.log(`Không hợp lệ / invalid: ${result.issues.length} lỗi / issues`);
        for (const i of result.issues) console.log(`  ${i.path || "-"} [${i.rule}] ${i.message}`);
      }
      return result.valid ? 0 : 1;
    }),
};

const show: Command = {
  name: "edxml show",
  summary: "Xem nội dung gói tin edXML / show an edXML package",
  usage: `lienthong edxml show FILE

In người gửi, nơi nhận, số ký hiệu, trích yếu, tệp đính kèm (tên, kích thước) và chữ ký có hay không.
Prints the sender, recipients, number and notation, subject, attachments and whether it is signed.`,
  options: {},
  positionals: { min: 1, max: 1 },
  run: (_values, [file]) =>
    guarded(async () => {
      const { parseEdxml, STATUS_CODES, formatEdxmlTimestamp } = await edxml();
      const parsed = await parseEdxml({ input: openInput(file!) });
      const lines: string[] = [];
      if (parsed.kind === "edoc") {
        const { edoc } = parsed;
        const org = (o: { organId: string; organName?: string }) =>
          `${o.organId}${o.organName ? ` (${o.organName})` : ""}`;
        lines.push(
          "Loại / kind: văn bản / document",
          `Nơi gửi / from: ${org(edoc.from)}`,
          `Nơi nhận / to: ${edoc.to.map(org).join("; ")}`,
          `Số, ký hiệu / code: ${edoc.code.codeNumber}/${edoc.code.codeNotation}`,
          `Ngày ban hành / promulgated: ${edoc.promulgationInfo.promulgationDate}`,
          `DocumentId: ${edoc.documentId}`,
          `Trích yếu / subject: ${edoc.subject}`,
          ...parsed.attachments.map(
            (a) => `Tệp / attachment: ${a.attachmentName} (${a.contentType}, ${a.size} bytes)`,
          ),
        );
      } else {
        const { status } = parsed;
        const meaning = STATUS_CODES[status.statusCode];
        lines.push(
          "Loại / kind: trạng thái / status",
          `Nơi gửi / from: ${status.from.organId}`,
          `Văn bản / document: ${status.responseFor.documentId}`,
          `Trạng thái / status: ${status.statusCode}${meaning ? ` ${meaning.vi} / ${meaning.en}` : ""}`,
          `Thời điểm / at: ${Number.isNaN(status.timestamp.getTime()) ? "?" : formatEdxmlTimestamp(status.timestamp)}`,
        );
      }
      lines.push(`Chữ ký / signed: ${parsed.signed ? "có / yes" : "không / no"}`);
      lines.push(`Lỗi / issues: ${parsed.issues.length}`);
      console.log(lines.join("\n"));
      return 0;
    }),
};

const sign: Command = {
  name: "edxml sign",
  summary: "Ký gói tin edXML / sign an edXML package",
  usage: `lienthong edxml sign --in F --out G --p12 FILE --password-env VAR

Ký số gói tin bằng chứng thư số của cơ quan trong tệp PKCS#12 (mật khẩu đọc từ biến môi trường
VAR): chữ ký XML-DSig trong edXMLHeader, RSA-SHA256 hoặc ECDSA-SHA256 theo khóa.
Signs the package with the agency certificate in a PKCS#12 file (password from VAR).`,
  options: {
    in: { type: "string" },
    out: { type: "string" },
    p12: { type: "string" },
    "password-env": { type: "string" },
  },
  run: (values) =>
    guarded(async () => {
      if (reportMissing(values, ["in", "out", "p12", "password-env"], sign.usage)) return 2;
      const password = passwordFromEnv(values);
      if (!password) return 2;
      const [{ signEdxml }, { readPkcs12, keyObjectSigner }] = await Promise.all([
        edxml(),
        import("@lienthong/pki"),
      ]);
      const contents = readPkcs12(fs.readFileSync(values.p12 as string), password);
      const signed = await signEdxml({
        xml: fs.readFileSync(values.in as string, "utf8"),
        signer: keyObjectSigner(contents),
      });
      fs.writeFileSync(values.out as string, signed);
      console.log(`Đã ký / signed: ${String(values.out)}`);
      return 0;
    }),
};

const verify: Command = {
  name: "edxml verify",
  summary: "Kiểm tra chữ ký gói tin edXML / verify an edXML signature",
  usage: `lienthong edxml verify FILE [--trust PEM]... [--json]

Kiểm tra chữ ký số của gói tin; với --trust, chứng thư phải thuộc chuỗi tin cậy của một trong các
tệp PEM đã cho. Mã thoát 0 khi chữ ký hợp lệ, 1 khi không.
Verifies the package's signature; with --trust the certificate must chain to one of the given
PEM files. Exit 0 when valid, 1 otherwise.`,
  options: { trust: { type: "string", multiple: true }, json: { type: "boolean" } },
  positionals: { min: 1, max: 1 },
  run: (values, [file]) =>
    guarded(async () => {
      const { verifyEdxml } = await edxml();
      const trust = values.trust as string[] | undefined;
      const result = verifyEdxml({
        xml: fs.readFileSync(file!, "utf8"),
        ...(trust ? { trustAnchors: trust.map((pem) => fs.readFileSync(pem, "utf8")) } : {}),
      });
      if (values.json) {
        const { signer, ...rest } = result;
        const described = signer && {
          ...signer,
          certificate: Buffer.from(signer.certificate).toString("base64"),
        };
        console.log(
          JSON.stringify({ ...rest, ...(described ? { signer: described } : {}) }, null, 2),
        );
      } else {
        console.log(
          result.valid
            ? "Chữ ký hợp lệ / signature is valid"
            : "Chữ ký không hợp lệ / signature is invalid",
        );
        if (result.signer)
          console.log(
            `Người ký / signer: ${result.signer.subject} (serial ${result.signer.serialNumber})`,
          );
        if (result.algorithm) console.log(`Thuật toán / algorithm: ${result.algorithm}`);
        for (const w of result.warnings) console.log(`Cảnh báo / warning: ${w}`);
        for (const e of result.errors) console.log(`Lỗi / error: ${e}`);
      }
      return result.valid ? 0 : 1;
    }),
};

/** `lienthong edxml ...`: work on package files; no database or server needed. */
export const edxmlCommands: Command[] = [validate, show, sign, verify];
