import type { Command } from "./commands.ts";

// The platform loads only when a command runs, so `--help` answers at once.
const apiAccess = () => import("./api-access.ts");

type Verification = {
  ok: boolean;
  rows: number;
  checkpoints: number;
  firstBroken?: { seq: number; reason: string };
};

const verifyLog: Command = {
  name: "exchange verify-log",
  summary: "Kiểm tra nhật ký bằng chứng của trục LGSP / verify the LGSP evidence log",
  usage: `lienthong exchange verify-log [--json]

Kiểm tra toàn bộ chuỗi băm của nhật ký bằng chứng (mọi giao dịch qua trục) và mọi điểm kiểm tra
đã ký, gắn dấu thời gian; báo giao dịch đầu tiên bị sửa hoặc bị xóa.
Mã thoát 0 khi nhật ký nguyên vẹn, 1 khi bị phá vỡ.
Checks the whole evidence hash chain (every exchange through the LGSP) and every signed,
timestamped checkpoint; reports the first altered or deleted exchange. Exit 0 only when intact.`,
  options: { json: { type: "boolean" } },
  async run(values) {
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const response = await call("GET", "/api/v1/exchange/evidence/verify");
      if (response.status !== 200) return printProblem(response);
      const result = response.body as Verification;
      if (values.json) console.log(JSON.stringify(result));
      else if (result.ok)
        console.log(
          `Nhật ký bằng chứng nguyên vẹn / evidence log intact: ${result.rows} giao dịch / exchanges, ${result.checkpoints} điểm kiểm tra / checkpoints`,
        );
      else
        console.log(
          `Chuỗi bị phá vỡ tại giao dịch / chain broken at exchange ${result.firstBroken!.seq}: ${result.firstBroken!.reason}`,
        );
      return result.ok ? 0 : 1;
    });
  },
};

const instanceCertificate: Command = {
  name: "exchange instance-certificate",
  summary:
    "In chứng thư của nền tảng để trao cho nền tảng liên kết / print this instance's certificate",
  usage: `lienthong exchange instance-certificate

In chứng thư (PEM) của nền tảng này; gửi cho nền tảng liên kết (NDXP, Bộ khác) để họ thêm nền tảng
này làm nền tảng liên kết. Dấu vân tay SHA-256 in ra stderr, để hai bên đối chiếu qua kênh khác.
Prints this instance's certificate (PEM) to give to a federation peer; the SHA-256 fingerprint
goes to stderr, for both sides to compare over another channel.`,
  options: {},
  async run() {
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const response = await call("GET", "/api/v1/exchange/federation/instance-certificate");
      if (response.status !== 200) return printProblem(response);
      const body = response.body as { certificate: string; fingerprint: string };
      process.stdout.write(body.certificate);
      console.error(`SHA-256: ${body.fingerprint}`);
      return 0;
    });
  },
};

const peerAdd: Command = {
  name: "exchange peer add",
  summary: "Thêm nền tảng liên kết / add a federation peer",
  usage: `lienthong exchange peer add --name NAME --url URL --certificate FILE --org CODE [--org CODE...]

Ghim chứng thư của nền tảng liên kết (tệp PEM nhận từ họ), địa chỉ cổng liên kết của họ
(https://..., cổng FEDERATION_PORT) và mã định danh các cơ quan có dịch vụ trên nền tảng đó.
Lời gọi /gw tới các cơ quan này được chuyển sang nền tảng liên kết.
Pins a peer's certificate (the PEM file it gave you), the URL of its federation listener and the
agency codes whose services it serves; /gw calls to those agencies are forwarded to it.`,
  options: {
    name: { type: "string" },
    url: { type: "string" },
    certificate: { type: "string" },
    org: { type: "string", multiple: true },
  },
  async run(values) {
    const orgCodes = (values.org as string[] | undefined) ?? [];
    if (!values.name || !values.url || !values.certificate || orgCodes.length === 0) {
      console.error("Cần --name, --url, --certificate và ít nhất một --org / all are required");
      return 2;
    }
    const { readFileSync } = await import("node:fs");
    const certificate = readFileSync(values.certificate as string, "utf8");
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const response = await call("POST", "/api/v1/exchange/federation/peers", {
        name: values.name,
        url: values.url,
        certificate,
        orgCodes,
      });
      if (response.status !== 201) return printProblem(response);
      const peer = response.body as { name: string; fingerprint: string; orgCodes: string[] };
      console.log(
        `Đã thêm nền tảng liên kết / peer added: ${peer.name} (${peer.fingerprint}) — ${peer.orgCodes.join(", ")}`,
      );
      return 0;
    });
  },
};

export const exchangeCommands: Command[] = [verifyLog, instanceCertificate, peerAdd];
