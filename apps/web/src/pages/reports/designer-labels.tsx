import { Tag } from "antd";
import type { RegimeStatus } from "../../api/report-designer.ts";
import { useT } from "../../i18n/index.tsx";

const colors: Record<RegimeStatus, string | undefined> = {
  draft: "gold",
  active: "green",
  retired: undefined,
};

/** A regime's standing: being designed, in force, or retired. */
export function RegimeStatusTag({ status }: { status: RegimeStatus }) {
  const t = useT();
  return <Tag color={colors[status]}>{t(`designer.regimeStatus.${status}`)}</Tag>;
}
