import type { HealthStatus } from "./health-repo.ts";

/** Why a probe did not find the provider up. */
export type ProbeErrorCode =
  "timeout" | "connection_refused" | "dns" | "tls" | "connection_failed" | "http_error" | "slow";

export type ProbeResult = {
  status: HealthStatus;
  latencyMs: number | null;
  httpStatus: number | null;
  errorCode: ProbeErrorCode | null;
};

export type ProbeOptions = {
  /** Longest wait for an answer's headers before the provider counts as down. */
  timeoutMs: number;
  /** An answer slower than this counts as degraded. */
  degradedMs: number;
};

function failureCode(error: unknown): ProbeErrorCode {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return "timeout";
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  if (code === "ECONNREFUSED") return "connection_refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "dns";
  if (typeof code === "string" && /CERT|TLS|SSL|SELF_SIGNED/.test(code)) return "tls";
  return "connection_failed";
}

/**
 * Asks the provider whether it is there, without following redirects. Without a health endpoint:
 * a HEAD of its base URL, where any answer below 500 (404 and 405 included: the server works, it
 * just has nothing at that path) is up. With one (`healthUrl`, the service's declared path): a GET
 * of it, where only 2xx and 3xx are up — a health endpoint that answers 4xx is not healthy. Up is
 * degraded when slower than `degradedMs`; a failing status, a timeout or no connection is down.
 */
export async function probeProvider(
  url: string,
  options: ProbeOptions,
  healthUrl?: string,
): Promise<ProbeResult> {
  const started = performance.now();
  try {
    const response = await fetch(healthUrl ?? url, {
      method: healthUrl ? "GET" : "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: { "user-agent": "lienthong-lgsp-health/1" },
    });
    await response.body?.cancel();
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    const httpStatus = response.status;
    if (httpStatus >= (healthUrl ? 400 : 500))
      return { status: "down", latencyMs, httpStatus, errorCode: "http_error" };
    if (latencyMs > options.degradedMs)
      return { status: "degraded", latencyMs, httpStatus, errorCode: "slow" };
    return { status: "up", latencyMs, httpStatus, errorCode: null };
  } catch (error) {
    return { status: "down", latencyMs: null, httpStatus: null, errorCode: failureCode(error) };
  }
}
