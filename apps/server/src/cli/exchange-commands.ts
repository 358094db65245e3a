import type { ApiCall } from "./api-access.ts";
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

type PeerSummary = {
  id: string;
  name: string;
  url: string;
  fingerprint: string;
  orgCodes: string[];
  status: "active" | "suspended";
  statusReason: string | null;
};

const PEERS = "/api/v1/exchange/federation/peers";

/** The peer with this name, or undefined after saying so on stderr. */
async function peerNamed(call: ApiCall, name: string): Promise<PeerSummary | undefined> {
  const response = await call("GET", PEERS);
  if (response.status !== 200) return undefined;
  const peer = (response.body as PeerSummary[]).find((p) => p.name === name);
  if (!peer) console.error(`Không có nền tảng liên kết tên / no peer named ${name}`);
  return peer;
}

const peerList: Command = {
  name: "exchange peer list",
  summary: "Liệt kê các nền tảng liên kết / list federation peers",
  usage: `lienthong exchange peer list [--json]

Liệt kê các nền tảng liên kết: tên, trạng thái (và lý do tạm ngừng), địa chỉ, dấu vân tay chứng thư
đã ghim, các cơ quan mà nền tảng đó phục vụ.
Lists the federation peers: name, status (and why suspended), URL, pinned fingerprint, agencies.`,
  options: { json: { type: "boolean" } },
  async run(values) {
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const response = await call("GET", PEERS);
      if (response.status !== 200) return printProblem(response);
      const peers = response.body as PeerSummary[];
      if (values.json) console.log(JSON.stringify(peers));
      else if (peers.length === 0) console.log("Chưa có nền tảng liên kết / no peers");
      for (const peer of values.json ? [] : peers)
        console.log(
          [
            peer.name,
            peer.status === "active"
              ? "hoạt động / active"
              : `tạm ngừng / suspended: ${peer.statusReason ?? ""}`,
            peer.url,
            peer.fingerprint,
            peer.orgCodes.join(","),
          ].join("\t"),
        );
      return 0;
    });
  },
};

const peerSuspend: Command = {
  name: "exchange peer suspend",
  summary: "Tạm ngừng liên kết với một nền tảng / suspend a federation peer",
  usage: `lienthong exchange peer suspend --name NAME --reason "..."

Tạm ngừng ngay: chứng thư của nền tảng đó không còn được tin, lời gọi của nó bị từ chối, lời gọi tới
các cơ quan nó phục vụ nhận 503. Lý do được ghi vào nhật ký kiểm toán.
Suspends at once: its certificate is no longer trusted, its calls are refused, calls to the
agencies it serves get 503. The reason goes to the audit trail.`,
  options: { name: { type: "string" }, reason: { type: "string" } },
  async run(values) {
    if (!values.name || !values.reason) {
      console.error("Cần --name và --reason / --name and --reason are required");
      return 2;
    }
    return changeStatus(values.name as string, { status: "suspended", reason: values.reason });
  },
};

const peerResume: Command = {
  name: "exchange peer resume",
  summary: "Khôi phục liên kết với một nền tảng / resume a suspended peer",
  usage: `lienthong exchange peer resume --name NAME

Khôi phục liên kết đã tạm ngừng. / Resumes a suspended peer.`,
  options: { name: { type: "string" } },
  async run(values) {
    if (!values.name) {
      console.error("Cần --name / --name is required");
      return 2;
    }
    return changeStatus(values.name as string, { status: "active" });
  },
};

async function changeStatus(name: string, body: { status: string; reason?: unknown }) {
  const { withApi, printProblem } = await apiAccess();
  return withApi(async (call) => {
    const peer = await peerNamed(call, name);
    if (!peer) return 1;
    const response = await call("PATCH", `${PEERS}/${peer.id}`, body);
    if (response.status !== 200) return printProblem(response);
    const changed = response.body as PeerSummary;
    console.log(
      changed.status === "active"
        ? `Đã khôi phục / resumed: ${changed.name}`
        : `Đã tạm ngừng / suspended: ${changed.name} — ${changed.statusReason}`,
    );
    return 0;
  });
}

const peerRemove: Command = {
  name: "exchange peer remove",
  summary: "Gỡ nền tảng liên kết / remove a federation peer",
  usage: `lienthong exchange peer remove --name NAME

Gỡ nền tảng liên kết: bỏ ghim chứng thư; lời gọi tới các cơ quan nó phục vụ được tìm trong danh mục
của nền tảng này. Các giao dịch đã ghi vẫn ở trong nhật ký bằng chứng.
Removes the peer: its certificate is unpinned; calls to the agencies it served are looked up in
this instance's catalogue. Exchanges already recorded stay in the evidence log.`,
  options: { name: { type: "string" } },
  async run(values) {
    if (!values.name) {
      console.error("Cần --name / --name is required");
      return 2;
    }
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const peer = await peerNamed(call, values.name as string);
      if (!peer) return 1;
      const response = await call("DELETE", `${PEERS}/${peer.id}`);
      if (response.status !== 204) return printProblem(response);
      console.log(`Đã gỡ nền tảng liên kết / peer removed: ${peer.name}`);
      return 0;
    });
  },
};

export const exchangeCommands: Command[] = [
  verifyLog,
  instanceCertificate,
  peerAdd,
  peerList,
  peerSuspend,
  peerResume,
  peerRemove,
];
