import { randomBytes } from "node:crypto";
import { loadConfig } from "../core/config.ts";
import { readServerInfo } from "../core/data-dir-lock.ts";
import { edxmlCommands } from "./edxml-commands.ts";
import { exchangeCommands } from "./exchange-commands.ts";
import { passwordFromEnv, reportMissing } from "./options.ts";
import { pdfCommands } from "./pdf-commands.ts";
import { pkiCommands } from "./pki-commands.ts";

// The platform (database engine, HTTP server, every module) loads only when a command runs, so
// `--help` and argument errors answer at once.
const platform = () => import("../platform.ts");
const apiAccess = () => import("./api-access.ts");

type OptionSpec = { type: "string" | "boolean"; multiple?: boolean; short?: string };
type Values = Record<string, string | boolean | string[] | undefined>;

export type Command = {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Names the positional arguments the command takes (e.g. `FILE`); none when absent. */
  positionals?: { min: number; max: number };
  run(values: Values, positionals: string[]): Promise<number | undefined>;
};

const start: Command = {
  name: "start",
  summary: "Chạy nền tảng / run the platform",
  usage: `lienthong start

Chạy máy chủ: mở cơ sở dữ liệu (nhúng trong DATA_DIR, hoặc PostgreSQL nếu có DATABASE_URL),
áp dụng migration, nạp dữ liệu mẫu lần đầu, rồi phục vụ tại PORT/HOST.
Runs the server: opens the database, applies migrations, seeds demo data on first start, listens.`,
  options: {},
  async run() {
    const config = loadConfig();
    const { createLogger } = await import("../core/logger.ts");
    const { startPlatform } = await platform();
    const { demoAdminSignIn } = await import("../modules/identity/index.ts");
    const logger = createLogger(config);
    const running = await startPlatform({ config, logger });
    const admin = demoAdminSignIn(config);
    console.log(`\nLiên Thông đang chạy tại / is running at ${config.publicUrl}`);
    if (admin)
      console.log(
        `Đăng nhập quản trị mẫu / demo admin sign-in: ${admin.username} / ${admin.password}`,
      );
    console.log(
      `Cơ sở dữ liệu / database: ${running.database.kind} (${running.database.location})\n`,
    );
    const shutdown = async (signal: string) => {
      logger.info({ signal }, "stopping");
      await running.stop();
      process.exit(0);
    };
    process.once("SIGINT", () => void shutdown("SIGINT"));
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    return undefined;
  },
};

const migrateCommand: Command = {
  name: "migrate",
  summary: "Áp dụng migration / apply database migrations",
  usage: `lienthong migrate

Áp dụng mọi migration chưa chạy rồi thoát. Nếu máy chủ đang chạy trên cùng DATA_DIR, máy chủ đã
tự áp dụng khi khởi động; lệnh chỉ báo trạng thái.
Applies pending migrations and exits; with a running server it reports the server's state.`,
  options: {},
  async run() {
    const config = loadConfig();
    const running = config.databaseUrl ? undefined : readServerInfo(config.dataDir);
    if (running) {
      const ready = (await (await fetch(new URL("/readyz", running.url))).json()) as {
        pendingMigrations: string[];
      };
      console.log(
        `Máy chủ đang chạy (pid ${running.pid}) đã áp dụng migration khi khởi động. / The running server applied migrations at start.`,
      );
      console.log(`Còn chờ / pending: ${ready.pendingMigrations.length}`);
      return ready.pendingMigrations.length === 0 ? 0 : 1;
    }
    const { openPlatformDatabase } = await platform();
    const { migrate } = await import("../core/db/migrate.ts");
    const { migrationSources } = await import("../modules/index.ts");
    const opened = await openPlatformDatabase({ config, purpose: "migrate" });
    try {
      const applied = await migrate(opened.database.db, migrationSources());
      console.log(
        applied.length
          ? `Đã áp dụng / applied:\n  ${applied.join("\n  ")}`
          : "Không có migration mới. / Nothing to apply.",
      );
      return 0;
    } finally {
      await opened.close();
    }
  },
};

const seed: Command = {
  name: "seed",
  summary: "Nạp dữ liệu tham chiếu và dữ liệu mẫu / load reference and demo data",
  usage: `lienthong seed [--demo]

Nạp lại dữ liệu tham chiếu (đơn vị hành chính); với --demo nạp cả dữ liệu mẫu. Chạy lại nhiều lần
không tạo bản ghi trùng. / Reloads reference data, and demo data with --demo; idempotent.`,
  options: { demo: { type: "boolean" } },
  async run(values) {
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call, where) => {
      const response = await call("POST", "/api/v1/platform/seed", { demo: values.demo === true });
      if (response.status !== 200) return printProblem(response);
      console.log(
        `Đã nạp / seeded on ${where}: ${(response.body as { ran: string[] }).ran.join(", ")}`,
      );
      return 0;
    });
  },
};

const userCreate: Command = {
  name: "user create",
  summary: "Tạo tài khoản / create an account",
  usage: `lienthong user create --username U --name "Họ tên" --org MÃ_ĐỊNH_DANH --role ROLE [--role ROLE]...
                       [--email E] [--password-env VAR] [--json]

Tạo tài khoản cho cán bộ của một cơ quan (kể cả cơ quan khác bộ). Vai trò: system_admin, org_admin,
clerk, leader, specialist, reporting_officer, security_operator. Mật khẩu đọc từ biến môi trường
VAR; nếu bỏ trống, một mật khẩu ngẫu nhiên được tạo và in ra một lần.
Creates an account in the organization with that agency code. The password is read from the
environment variable VAR; without it a random one is generated and printed once.`,
  options: {
    username: { type: "string" },
    name: { type: "string" },
    org: { type: "string" },
    role: { type: "string", multiple: true },
    email: { type: "string" },
    "password-env": { type: "string" },
    json: { type: "boolean" },
  },
  async run(values) {
    if (reportMissing(values, ["username", "name", "org", "role"], userCreate.usage)) return 2;
    const given = passwordFromEnv(values);
    if (given === false) return 2;
    const generated =
      given === undefined ? `${randomBytes(12).toString("base64url")}-Lt9` : undefined;
    const password = given ?? generated!;
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const response = await call("POST", "/api/v1/identity/users", {
        username: values.username,
        displayName: values.name,
        organizationCode: values.org,
        roles: values.role,
        password,
        ...(values.email ? { email: values.email } : {}),
      });
      if (response.status !== 201) return printProblem(response);
      const user = response.body as { id: string; username: string };
      if (values.json)
        console.log(
          JSON.stringify({
            id: user.id,
            username: user.username,
            ...(generated ? { password: generated } : {}),
          }),
        );
      else {
        console.log(`Đã tạo tài khoản / created: ${user.username} (${user.id})`);
        if (generated) console.log(`Mật khẩu tạm / initial password: ${generated}`);
      }
      return 0;
    });
  },
};

const clientCreate: Command = {
  name: "client create",
  summary: "Đăng ký ứng dụng dùng SSO / register an SSO client",
  usage: `lienthong client create --name N --grant client_credentials --scope S [--scope S]...
                         [--resource URL] [--org MÃ_ĐỊNH_DANH [--system MÃ_HỆ_THỐNG]]
                         [--redirect-uri URL]... [--json]

Đăng ký một hệ thống làm ứng dụng của SSO. --grant client_credentials: hệ thống gọi API (ví dụ
qua LGSP, --resource là địa chỉ của LGSP, mặc định <PUBLIC_URL>/gw); --grant authorization_code:
ứng dụng web đăng nhập người dùng (cần --redirect-uri). --org/--system gắn ứng dụng với hệ thống
thông tin trong danh mục (để được tính là hệ thống đã tích hợp SSO). Mật khẩu ứng dụng chỉ in ra
một lần. Với --json in { "client_id": ..., "client_secret": ... }.
Registers a system as an SSO client; the client secret is printed once. With --json prints
{ "client_id": ..., "client_secret": ... } for automation.`,
  options: {
    name: { type: "string" },
    grant: { type: "string" },
    scope: { type: "string", multiple: true },
    resource: { type: "string", multiple: true },
    org: { type: "string" },
    system: { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    json: { type: "boolean" },
  },
  async run(values) {
    const missing = ["name", "grant", "scope"].filter((key) => values[key] === undefined);
    const grant = values.grant as string | undefined;
    if (
      missing.length > 0 ||
      (grant && !["client_credentials", "authorization_code"].includes(grant))
    ) {
      console.error(
        `${missing.length ? `Thiếu / missing: ${missing.map((m) => `--${m}`).join(", ")}` : "--grant: client_credentials | authorization_code"}\n\n${clientCreate.usage}`,
      );
      return 2;
    }
    if (values.system && !values.org) {
      console.error("--system cần --org / --system needs --org");
      return 2;
    }
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      let organizationId: string | null = null;
      let informationSystemId: string | null = null;
      if (values.org) {
        const found = await call(
          "GET",
          `/api/v1/directory/organizations?q=${encodeURIComponent(String(values.org))}&limit=50`,
        );
        const org = (found.body as { items?: { id: string; code: string }[] }).items?.find(
          (o) => o.code === values.org,
        );
        if (!org) {
          console.error(
            `Không có cơ quan mã ${String(values.org)} / no organization ${String(values.org)}`,
          );
          return 1;
        }
        organizationId = org.id;
        if (values.system) {
          const systems = await call(
            "GET",
            `/api/v1/directory/systems?organizationId=${org.id}&limit=200`,
          );
          const system = (systems.body as { items?: { id: string; code: string }[] }).items?.find(
            (x) => x.code === values.system,
          );
          if (!system) {
            console.error(
              `Cơ quan không có hệ thống mã ${String(values.system)} / no system ${String(values.system)}`,
            );
            return 1;
          }
          informationSystemId = system.id;
        }
      }
      const machine = grant === "client_credentials";
      const response = await call("POST", "/api/v1/identity/clients", {
        name: values.name,
        kind: machine ? "machine" : "web",
        organizationId,
        informationSystemId,
        scopes: values.scope,
        ...(machine
          ? {
              ...(values.resource ? { resources: values.resource } : {}),
            }
          : { redirectUris: values["redirect-uri"] ?? [] }),
      });
      if (response.status !== 201) return printProblem(response);
      const { client, clientSecret } = response.body as {
        client: { clientId: string; name: string };
        clientSecret: string | null;
      };
      if (values.json)
        console.log(JSON.stringify({ client_id: client.clientId, client_secret: clientSecret }));
      else {
        console.log(`Đã đăng ký / registered: ${client.name}`);
        console.log(`client_id: ${client.clientId}`);
        if (clientSecret)
          console.log(`client_secret (chỉ hiện một lần / shown once): ${clientSecret}`);
      }
      return 0;
    });
  },
};

const auditVerify: Command = {
  name: "audit verify",
  summary: "Kiểm tra chuỗi băm nhật ký / verify the audit hash chain",
  usage: `lienthong audit verify [--json]

Kiểm tra toàn bộ chuỗi băm của nhật ký an ninh; báo dòng đầu tiên bị sửa hoặc bị xóa.
Mã thoát 0 khi chuỗi nguyên vẹn, 1 khi bị phá vỡ.
Checks the whole audit hash chain and reports the first altered or deleted row; exit 0 when intact.`,
  options: { json: { type: "boolean" } },
  async run(values) {
    const { withApi, printProblem } = await apiAccess();
    return withApi(async (call) => {
      const response = await call("GET", "/api/v1/audit/verify");
      if (response.status !== 200) return printProblem(response);
      const result = response.body as {
        ok: boolean;
        rows: number;
        firstBroken?: { seq: number; reason: string };
      };
      if (values.json) console.log(JSON.stringify(result));
      else if (result.ok)
        console.log(`Nhật ký nguyên vẹn / audit chain intact: ${result.rows} dòng / rows`);
      else
        console.log(
          `Chuỗi bị phá vỡ tại dòng / chain broken at row ${result.firstBroken!.seq}: ${result.firstBroken!.reason}`,
        );
      return result.ok ? 0 : 1;
    });
  },
};

export const commands: Command[] = [
  start,
  migrateCommand,
  seed,
  userCreate,
  clientCreate,
  auditVerify,
  ...edxmlCommands,
  ...exchangeCommands,
  ...pdfCommands,
  ...pkiCommands,
];
