import { Alert } from "antd";
import { ApiError } from "../../api/client.ts";
import { problemTitle } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

/**
 * A refused call with every reason the server listed (a refused submission names each missing
 * part and failing rule in Vietnamese, so the list is shown as is).
 */
export function ProblemList({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const detail = error instanceof ApiError ? error.detail : undefined;
  const reasons = error instanceof ApiError ? error.errors.map((e) => e.message) : [];
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      title={problemTitle(error, t)}
      description={
        <>
          {detail}
          {reasons.length > 0 ? (
            <ul style={{ margin: "8px 0 0", paddingLeft: 20 }}>
              {reasons.map((reason, i) => (
                <li key={i}>{reason}</li>
              ))}
            </ul>
          ) : null}
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
