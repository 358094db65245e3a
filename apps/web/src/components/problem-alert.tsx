import { Alert, App } from "antd";
import { useCallback } from "react";
import { ApiError } from "../api/client.ts";
import { useT, type Translate } from "../i18n/index.tsx";

/** The sentence to show for a failed call: the server's localized title, or our own fallback. */
export function problemTitle(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t("error.network");
    return error.title || t("error.status", { status: error.status });
  }
  return t("error.unexpected");
}

/**
 * The server's localized detail; the per-field `errors` are machine-oriented (English JSON paths),
 * so they are shown only when the server gave no detail.
 */
function problemDetail(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.detail) return error.detail;
  const text = error.errors.map((e) => `${e.path}: ${e.message}`).join("\n");
  return text || undefined;
}

/** Shows a failed call inline, with the server's own (already localized) words. */
export function ProblemAlert({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const detail = problemDetail(error);
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      title={problemTitle(error, t)}
      description={detail ? <span style={{ whiteSpace: "pre-line" }}>{detail}</span> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}

/** Returns a function that reports a failed call as a transient message. */
export function useReportProblem(): (error: unknown) => void {
  const t = useT();
  const { message } = App.useApp();
  return useCallback(
    (error: unknown) => {
      const detail = problemDetail(error);
      void message.error(detail ? `${problemTitle(error, t)} — ${detail}` : problemTitle(error, t));
    },
    [message, t],
  );
}
