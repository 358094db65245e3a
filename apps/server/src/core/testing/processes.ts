import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { base32Decode, totp } from "../../modules/identity/mfa/totp.ts";
import {
  CookieJar,
  follow,
  interactionUid,
  postJson,
} from "../../modules/identity/oidc/testing.ts";

const BIN = path.resolve(import.meta.dirname, "../../../bin/lienthong.mjs");

/** Environment for a CLI or server subprocess, without the test database variables of the parent. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", ...extra };
  delete env.TEST_DATABASE_URL;
  return env;
}

export function tempDataDir(prefix = "lt-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `lienthong <args>` to completion (bounded by `timeoutMs`). */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    encoding: "utf8",
    timeout: timeoutMs,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
};

/** Starts `lienthong start` as a real process on a free loopback port and waits for /readyz. */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServerProcess> {
  // A fixed PORT in `env` (e.g. to match a PUBLIC_URL set in advance) is kept. A free port found
  // here may be taken by another test's process before the server binds it: then another one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, env.PORT ?? String(await freePort()), timeoutMs);
    } catch (error) {
      const taken = error instanceof Error && error.message.includes("EADDRINUSE");
      if (!taken || env.PORT !== undefined || attempt === 3) throw error;
    }
  }
}

async function startOnce(
  env: Record<string, string>,
  port: string,
  timeoutMs: number,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, "start"], {
    env: childEnv({ HOST: "127.0.0.1", PORT: port, ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server not ready within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    child,
    output: () => output,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}

/** An empty PostgreSQL database next to `adminUrl` for one server process; `drop()` removes it. */
export async function scratchPostgresDatabase(adminUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** What a person brings to an SSO sign-in; filled in as the account enrols a second factor. */
export type SsoAccount = {
  username: string;
  password: string;
  totpSecret?: string;
  recoveryCodes?: string[];
};

/**
 * Signs in over real HTTP the way a browser does: `/auth/login`, the provider, the interaction
 * pages (enrolling an authenticator when the account needs one, later using a recovery code),
 * and the callback that opens the web session. Returns the headers for cookie-authenticated
 * JSON writes. `account` is updated with the enrolled secret and remaining recovery codes.
 */
export async function signInOverHttp(baseUrl: string, account: SsoAccount) {
  const jar = new CookieJar();
  const home = (u: string) => u.startsWith(`${baseUrl}/`) && !/\/(oidc|interaction|auth)\//.test(u);
  let step = await follow(jar, `${baseUrl}/auth/login?returnTo=/`, home);
  const uid = interactionUid(step.url);
  const at = `${baseUrl}/interaction/${uid}`;
  const login = await postJson(jar, `${at}/login`, {
    username: account.username,
    password: account.password,
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(login.body)}`);
  let redirectTo = login.body.redirectTo as string | undefined;
  if (login.body.next === "enrol_second_factor") {
    const started = await postJson(jar, `${at}/enrolment`);
    const secret = String(started.body.secret);
    const confirmed = await postJson(jar, `${at}/enrolment/confirm`, {
      code: totp(base32Decode(secret), new Date()),
    });
    if (confirmed.status !== 200)
      throw new Error(`enrolment failed: ${JSON.stringify(confirmed.body)}`);
    account.totpSecret = secret;
    account.recoveryCodes = confirmed.body.recoveryCodes as string[];
    redirectTo = confirmed.body.redirectTo as string;
  } else if (login.body.next === "second_factor") {
    const code = account.recoveryCodes?.shift();
    if (!code) throw new Error("the account needs a second factor and has no recovery code left");
    const verified = await postJson(jar, `${at}/second-factor`, { code });
    if (verified.status !== 200)
      throw new Error(`second factor failed: ${JSON.stringify(verified.body)}`);
    redirectTo = verified.body.redirectTo as string;
  }
  step = await follow(jar, String(redirectTo), home);
  const me = await jar.fetch(`${baseUrl}/api/v1/identity/me`);
  if (me.status !== 200) throw new Error(`no session after sign-in (at ${step.url}): ${me.status}`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return {
    cookie: jar.header(`${baseUrl}/api/v1/`),
    "x-csrf-token": csrfToken,
    "content-type": "application/json",
  };
}
