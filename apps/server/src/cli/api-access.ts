import { randomBytes } from "node:crypto";
import { loadConfig, type Config } from "../core/config.ts";
import { readServerInfo } from "../core/data-dir-lock.ts";
import { createLogger } from "../core/logger.ts";
import { startPlatform } from "../platform.ts";

export type ApiResponse = { status: number; body: unknown };
export type ApiCall = (
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  body?: unknown,
) => Promise<ApiResponse>;

/**
 * Runs CLI work through the platform's own HTTP API, so the CLI and the web app share one code
 * path. When a server is running on this DATA_DIR (the embedded database allows one process),
 * the call goes to it with its control token; otherwise the platform is started in-process
 * without listening and requests are injected.
 */
export async function withApi<T>(
  work: (call: ApiCall, where: string) => Promise<T>,
  config: Config = loadConfig(),
): Promise<T> {
  const running = config.databaseUrl ? undefined : readServerInfo(config.dataDir);
  if (running) {
    const call: ApiCall = async (method, url, body) => {
      const response = await fetch(new URL(url, running.url), {
        method,
        headers: {
          authorization: `Bearer ${running.controlToken}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    return work(call, `running server ${running.url} (pid ${running.pid})`);
  }
  const controlToken = randomBytes(32).toString("base64url");
  const platform = await startPlatform({
    config,
    logger: createLogger({ logLevel: "warn" }),
    listen: false,
    controlToken,
  });
  try {
    const call: ApiCall = async (method, url, body) => {
      const response = await platform.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${controlToken}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return {
        status: response.statusCode,
        body: response.body ? JSON.parse(response.body) : undefined,
      };
    };
    return await work(call, platform.database.location);
  } finally {
    await platform.stop();
  }
}

/** Prints a problem-details body in a readable form and returns the exit code 1. */
export function printProblem(response: ApiResponse): number {
  const problem = response.body as
    { title?: string; detail?: string; errors?: { path: string; message: string }[] } | undefined;
  console.error(
    `Lỗi / error ${response.status}: ${problem?.title ?? ""}${problem?.detail ? ` — ${problem.detail}` : ""}`,
  );
  for (const error of problem?.errors ?? []) console.error(`  ${error.path}: ${error.message}`);
  return 1;
}
