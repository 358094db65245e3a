import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Role } from "../../core/actor.ts";
import { ConfigError, type Config } from "../../core/config.ts";
import { AppError } from "../../core/errors.ts";
import type { ModuleContext } from "../../core/module.ts";
import { DEMO_HOME_AFFAIRS_CODE, findOrganizationByCode } from "../directory/index.ts";
import { seedExampleClient } from "./oidc/demo-clients.ts";
import { checkPasswordPolicy, MIN_PASSWORD_LENGTH } from "./passwords.ts";
import { selectUserByUsername } from "./repo.ts";
import { createUser } from "./users.ts";

const DEMO_ACCOUNTS: { username: string; displayName: string; orgCode: string; roles: Role[] }[] = [
  {
    username: "admin",
    displayName: "Quản trị hệ thống",
    orgCode: DEMO_HOME_AFFAIRS_CODE,
    roles: ["system_admin"],
  },
  {
    username: "vanthu",
    displayName: "Nguyễn Thị Lan (Văn thư)",
    orgCode: DEMO_HOME_AFFAIRS_CODE,
    roles: ["clerk"],
  },
  {
    username: "lanhdao",
    displayName: "Trần Văn Minh (Lãnh đạo)",
    orgCode: DEMO_HOME_AFFAIRS_CODE,
    roles: ["leader"],
  },
  {
    username: "antt",
    displayName: "Phạm Quốc Huy (An toàn thông tin)",
    orgCode: DEMO_HOME_AFFAIRS_CODE,
    roles: ["security_operator"],
  },
  {
    username: "quantri.hanoi",
    displayName: "Lê Thu Hà (Quản trị Sở Nội vụ Hà Nội)",
    orgCode: "000.00.05.H01",
    roles: ["org_admin"],
  },
  {
    username: "baocao.hanoi",
    displayName: "Đỗ Văn Nam (Báo cáo Sở Nội vụ Hà Nội)",
    orgCode: "000.00.05.H01",
    roles: ["reporting_officer"],
  },
];

function accountsFile(config: Config) {
  return path.join(config.dataDir, "demo-accounts.json");
}

/** The demo accounts' password: DEMO_ADMIN_PASSWORD, or one generated on the first seed and kept (0600) in DATA_DIR. */
function demoPassword(config: Config): string {
  if (config.demoAdminPassword) return config.demoAdminPassword;
  const existing = readStored(config);
  if (existing) return existing;
  const password = `${randomBytes(9).toString("base64url")}-Lt${new Date().getFullYear()}`;
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(
    accountsFile(config),
    JSON.stringify({ usernames: DEMO_ACCOUNTS.map((a) => a.username), password }, null, 2),
    { mode: 0o600 },
  );
  return password;
}

function readStored(config: Config): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(accountsFile(config), "utf8")) as { password: string })
      .password;
  } catch {
    return undefined;
  }
}

/** The demo administrator's sign-in, printed by `lienthong start`; undefined when none was seeded. */
export function demoAdminSignIn(
  config: Config,
): { username: string; password: string } | undefined {
  if (!config.demoSeed) return undefined;
  const password = config.demoAdminPassword ?? readStored(config);
  return password ? { username: "admin", password } : undefined;
}

/**
 * Demo accounts at the Ministry of Home Affairs and at Hà Nội's Department of Home Affairs, and
 * the SSO client of `examples/sso-demo-app`; idempotent.
 */
export async function seedIdentityDemo(ctx: ModuleContext) {
  const password = demoPassword(ctx.config);
  for (const account of DEMO_ACCOUNTS) {
    try {
      checkPasswordPolicy(password, account.username);
    } catch (error) {
      throw new ConfigError(
        `DEMO_ADMIN_PASSWORD is refused by the password policy for the demo account "${account.username}" (${error instanceof AppError ? error.detail?.en : String(error)}): choose at least ${MIN_PASSWORD_LENGTH} characters that contain no demo username (${DEMO_ACCOUNTS.map((a) => a.username).join(", ")}).`,
      );
    }
  }
  for (const account of DEMO_ACCOUNTS) {
    if (await selectUserByUsername(ctx.db, account.username)) continue;
    const organization = await findOrganizationByCode({ db: ctx.db, code: account.orgCode });
    if (!organization) {
      ctx.log.warn({ code: account.orgCode }, "demo organization missing; demo account skipped");
      continue;
    }
    await createUser({
      db: ctx.db,
      actor: { kind: "system", name: "seed" },
      input: {
        username: account.username,
        displayName: account.displayName,
        organizationId: organization.id,
        roles: account.roles,
        password,
      },
      enforcePasswordPolicy: false,
    });
  }
  await seedExampleClient(ctx);
}
