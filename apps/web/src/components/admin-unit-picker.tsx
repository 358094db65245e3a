import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useMemo, useState } from "react";
import { listAdminUnits } from "../api/directory.ts";
import type { AdminUnit } from "../api/types.ts";
import { useT } from "../i18n/index.tsx";
import { useDebounced } from "./use-debounced.ts";

type AdminUnitPickerProps = {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  selected?: AdminUnit | null;
};

/** Picks a province or commune by searching the administrative units (accent-insensitive). */
export function AdminUnitPicker({ selected, ...props }: AdminUnitPickerProps) {
  const t = useT();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const results = useQuery({
    queryKey: ["admin-units", "picker", q],
    queryFn: () => listAdminUnits({ q, limit: 20, level: q ? undefined : "province" }),
    staleTime: 5 * 60_000,
  });
  const options = useMemo(() => {
    const found = results.data?.items ?? [];
    const list =
      selected && !found.some((u) => u.code === selected.code) ? [selected, ...found] : found;
    return list.map((u) => ({ value: u.code, label: `${u.fullName} (${u.code})` }));
  }, [results.data, selected]);

  return (
    <Select
      {...props}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={results.isFetching}
      placeholder={t("adminUnitPicker.placeholder")}
      notFoundContent={results.isFetching ? t("common.loading") : t("common.noResults")}
    />
  );
}
