import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useMemo, useRef, useState } from "react";
import { listOrganizations } from "../../api/directory.ts";
import { useDebounced } from "../../components/use-debounced.ts";
import { useT } from "../../i18n/index.tsx";

type AgencyPickerProps = {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
};

/**
 * Picks the agencies a document goes to, by name or code, several at once; the value is their
 * codes (mã định danh, QĐ 20/2020), which the edXML package is addressed to. The shared
 * `OrganizationPicker` picks one organization by id, hence this multi-select sibling.
 */
export function AgencyPicker(props: AgencyPickerProps) {
  const t = useT();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  // Every agency a search showed, so chosen ones keep their names when later searches do not.
  const seen = useRef(new Map<string, string>());
  const results = useQuery({
    queryKey: ["organizations", "picker", q],
    queryFn: () => listOrganizations({ q, limit: 20, status: "active" }),
    staleTime: 30_000,
  });
  const options = useMemo(() => {
    const found = (results.data?.items ?? []).map((o) => ({
      value: o.code,
      label: `${o.name} (${o.code})`,
    }));
    for (const o of found) seen.current.set(o.value, o.label);
    const kept = (props.value ?? [])
      .filter((code) => !found.some((o) => o.value === code))
      .map((code) => ({ value: code, label: seen.current.get(code) ?? code }));
    return [...kept, ...found];
  }, [results.data, props.value]);

  return (
    <Select
      id={props.id}
      mode="multiple"
      value={props.value}
      onChange={(codes: string[]) => props.onChange?.(codes)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      options={options}
      loading={results.isFetching}
      placeholder={t("organizationPicker.placeholder")}
      notFoundContent={results.isFetching ? t("common.loading") : t("common.noResults")}
    />
  );
}
