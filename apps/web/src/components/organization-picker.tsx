import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useMemo, useState } from "react";
import { listOrganizations } from "../api/directory.ts";
import type { OrganizationRef } from "../api/types.ts";
import { useT } from "../i18n/index.tsx";
import { useDebounced } from "./use-debounced.ts";

type OrganizationPickerProps = {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** The organization already chosen, so its name shows before any search. */
  selected?: OrganizationRef | null;
  disabled?: boolean;
  allowClear?: boolean;
};

/** Picks an organization by searching the directory (accent-insensitive, on the server). */
export function OrganizationPicker({ selected, ...props }: OrganizationPickerProps) {
  const t = useT();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const results = useQuery({
    queryKey: ["organizations", "picker", q],
    queryFn: () => listOrganizations({ q, limit: 20, status: "active" }),
    staleTime: 30_000,
  });
  const options = useMemo(() => {
    const found = results.data?.items ?? [];
    const list =
      selected && !found.some((o) => o.id === selected.id) ? [selected, ...found] : found;
    return list.map((o) => ({ value: o.id, label: `${o.name} (${o.code})` }));
  }, [results.data, selected]);

  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={results.isFetching}
      placeholder={t("organizationPicker.placeholder")}
      notFoundContent={results.isFetching ? t("common.loading") : t("common.noResults")}
    />
  );
}
