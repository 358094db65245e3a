import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "./commands.ts";
import { passwordFromEnv } from "./options.ts";

// The PKI package loads only when a command runs; neither command needs the database or server.
const pki = () => import("@lienthong/pki");

const certShow: Command = {
  name: "cert show",
  summary: "Xem chứng thư số / show a certificate",
  usage: `lienthong cert show FILE [--json]

In thông tin chứng thư số (PEM, DER hoặc tệp PEM chứa nhiều chứng thư): chủ thể và tổ chức cấp
với nhãn tiếng Việt, số CCCD/MST trong UID, thời hạn, khóa, mục đích sử dụng, chính sách, điểm
phân phối CRL, OCSP, dấu vân tay SHA-256. Với --json in một mảng mô tả.
Shows a certificate (PEM, DER or a PEM bundle); --json prints an array of descriptions.`,
  options: { json: { type: "boolean" } },
  positionals: { min: 1, max: 1 },
  async run(values, positionals) {
    const { describeCertificate, formatCertificate, readCertificateBytes } = await pki();
    let descriptions;
    try {
      const bytes = new Uint8Array(fs.readFileSync(positionals[0]!));
      descriptions = readCertificateBytes(bytes).map(describeCertificate);
    } catch (error) {
      console.error(`Lỗi / error: ${(error as Error).message}`);
      return 1;
    }
    if (values.json) console.log(JSON.stringify(descriptions, null, 2));
    else console.log(descriptions.map(formatCertificate).join("\n\n"));
    return 0;
  },
};

const initDemo: Command = {
  name: "pki init-demo",
  summary: "Tạo bộ chứng thư thử nghiệm / create a demo PKI",
  usage: `lienthong pki init-demo --out DIR [--base-url URL] [--password-env VAR] [--key-type rsa|ec]

Tạo một hạ tầng khóa công khai THỬ NGHIỆM trong DIR: CA gốc, CA trung gian, chứng thư con dấu
của cơ quan, chứng thư cá nhân của lãnh đạo, máy chủ dấu thời gian (TSA), máy chủ OCSP, các
chứng thư lỗi để kiểm thử, CRL; dạng PEM và PKCS#12, kèm README.txt. Không dùng cho văn bản thật.
Mật khẩu PKCS#12 đọc từ biến môi trường VAR; nếu bỏ trống, một mật khẩu ngẫu nhiên được in ra.
--base-url là nơi phục vụ CRL/OCSP (mặc định http://127.0.0.1:3000/pki).
Creates a DEMO PKI in DIR (never for real documents): root and issuing CA, agency seal, leader,
TSA, OCSP responder, broken certificates for tests, CRLs; PEM and PKCS#12 plus README.txt.`,
  options: {
    out: { type: "string" },
    "base-url": { type: "string" },
    "password-env": { type: "string" },
    "key-type": { type: "string" },
  },
  async run(values) {
    const out = values.out as string | undefined;
    const keyType = (values["key-type"] as string | undefined) ?? "rsa";
    if (!out || !["rsa", "ec"].includes(keyType)) {
      console.error(
        `${out ? "--key-type: rsa | ec" : "Thiếu / missing: --out"}\n\n${initDemo.usage}`,
      );
      return 2;
    }
    const given = passwordFromEnv(values);
    if (given === false) return 2;
    if (fs.existsSync(path.join(out, "root-ca.pem"))) {
      console.error(
        `${out} đã có bộ chứng thư; không ghi đè. / ${out} already holds a PKI; not overwriting.`,
      );
      return 1;
    }
    const password = given ?? randomBytes(9).toString("base64url");
    const { createDemoPki, demoPkiFiles } = await pki();
    const demo = await createDemoPki({
      keyType: keyType === "ec" ? "EC" : "RSA",
      baseUrl: (values["base-url"] as string | undefined) ?? "http://127.0.0.1:3000/pki",
    });
    const files = await demoPkiFiles({ pki: demo, password });
    for (const file of files) {
      const target = path.join(out, file.name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, file.bytes, { mode: file.secret ? 0o600 : 0o644 });
    }
    console.log(
      `Đã tạo / created ${files.length} tệp / files in ${path.resolve(out)} (xem / see README.txt)`,
    );
    if (given === undefined)
      console.log(
        `Mật khẩu PKCS#12 (chỉ hiện một lần) / PKCS#12 password (shown once): ${password}`,
      );
    return 0;
  },
};

export const pkiCommands: Command[] = [certShow, initDemo];
