import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { listSystems } from "../api/directory.ts";
import { useT } from "../i18n/index.tsx";

type SystemPickerProps = {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Only this organization's systems are offered; nothing until one is chosen. */
  organizationId: string | undefined;
  allowClear?: boolean;
};

/** Picks one of an organization's registered information systems. */
export function SystemPicker({ organizationId, ...props }: SystemPickerProps) {
  const t = useT();
  const systems = useQuery({
    queryKey: ["systems", "picker", organizationId],
    queryFn: () => listSystems({ organizationId, limit: 200 }),
    enabled: Boolean(organizationId),
    staleTime: 30_000,
  });
  const options = (systems.data?.items ?? []).map((s) => ({
    value: s.id,
    label: `${s.name} (${s.code})`,
  }));
  return (
    <Select
      {...props}
      showSearch={{ optionFilterProp: "label" }}
      options={options}
      disabled={!organizationId}
      loading={systems.isFetching}
      placeholder={t(organizationId ? "systemPicker.placeholder" : "systemPicker.pickOrganization")}
      notFoundContent={systems.isFetching ? t("common.loading") : t("systemPicker.none")}
    />
  );
}
