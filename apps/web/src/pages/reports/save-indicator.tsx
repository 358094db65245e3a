import { Typography } from "antd";
import { useT } from "../../i18n/index.tsx";
import type { SaveState } from "./use-autosave.ts";

/** Tells whether the last edits reached the server: saving, saved, or refused. */
export function SaveIndicator({ state }: { state: SaveState }) {
  const t = useT();
  if (state === "idle") return null;
  return (
    <Typography.Text
      role="status"
      type={state === "failed" ? "danger" : state === "saved" ? "success" : "secondary"}
    >
      {state === "saving"
        ? t("reports.saving")
        : state === "saved"
          ? t("reports.saved")
          : t("reports.notSaved")}
    </Typography.Text>
  );
}
