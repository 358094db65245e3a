import type { TableColumnType } from "antd";
import type { DocumentSummary } from "../../api/documents.ts";
import type { useT } from "../../i18n/index.tsx";
import { StatusTag } from "./document-tags.tsx";

type T = ReturnType<typeof useT>;

/** The columns every document table shares: number and symbol, and status. */
export const symbolColumn = <D extends DocumentSummary>(t: T, width = 160): TableColumnType<D> => ({
  title: t("documents.symbol"),
  dataIndex: "symbol",
  width,
  render: (v: string | null) => v ?? "—",
});

export const statusColumn = <D extends DocumentSummary>(t: T): TableColumnType<D> => ({
  title: t("documents.status"),
  dataIndex: "status",
  width: 150,
  render: (v: string) => <StatusTag status={v} />,
});
