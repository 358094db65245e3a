import { Tag } from "antd";
import type { Organization, OrganizationKind } from "../../api/types.ts";
import { ORGANIZATION_KINDS } from "../../api/types.ts";
import { useT } from "../../i18n/index.tsx";

export function OrganizationStatusTag({ status }: { status: Organization["status"] }) {
  const t = useT();
  return (
    <Tag color={status === "active" ? "green" : "default"}>{t(`organizationStatus.${status}`)}</Tag>
  );
}

export function useOrganizationKindOptions() {
  const t = useT();
  return ORGANIZATION_KINDS.map((kind: OrganizationKind) => ({
    value: kind,
    label: t(`organizationKind.${kind}`),
  }));
}
