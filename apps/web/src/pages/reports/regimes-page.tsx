import { useQuery } from "@tanstack/react-query";
import { Form, Input, Select, Table } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { listRegimes, type RegimeDetail, type RegimeStatus } from "../../api/report-designer.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useDebounced } from "../../components/use-debounced.ts";
import { useT } from "../../i18n/index.tsx";
import { RegimeStatusTag } from "./designer-labels.tsx";

/** Chế độ báo cáo: every regime with its standing and template version, filtered by status and text. */
export default function RegimesPage() {
  const t = useT();
  const me = useCurrentUser();
  const [status, setStatus] = useState<RegimeStatus | "">("");
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const regimes = useQuery({
    queryKey: ["regimes", "designer", status, q],
    queryFn: () => listRegimes({ ...(status && { status }), ...(q && { q }) }),
  });
  return (
    <>
      <PageHeader
        title={t("designer.listTitle")}
        extra={
          isAdministrator(me) ? (
            <LinkButton type="primary" to="/reports/regimes/new">
              {t("designer.newTitle")}
            </LinkButton>
          ) : null
        }
      />
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label={t("reports.status")} htmlFor="regimes-status">
          <Select
            id="regimes-status"
            style={{ width: 200 }}
            value={status}
            onChange={setStatus}
            options={[
              { value: "", label: t("common.all") },
              ...(["draft", "active", "retired"] as const).map((value) => ({
                value,
                label: t(`designer.regimeStatus.${value}`),
              })),
            ]}
          />
        </Form.Item>
        <Form.Item label={t("common.search")} htmlFor="regimes-search">
          <Input
            id="regimes-search"
            allowClear
            style={{ width: 320 }}
            placeholder={t("designer.searchPlaceholder")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={regimes.error} />
      <Table<RegimeDetail>
        rowKey="id"
        loading={regimes.isPending}
        dataSource={regimes.data ?? []}
        pagination={false}
        locale={{ emptyText: t("designer.noRegimes") }}
        columns={[
          {
            title: t("designer.regimeCode"),
            render: (_, r) => <Link to={`/reports/regimes/${r.id}`}>{r.code}</Link>,
          },
          { title: t("designer.regimeName"), dataIndex: "name" },
          { title: t("designer.regimeKind"), render: (_, r) => t(`designer.regimeKind.${r.kind}`) },
          {
            title: t("designer.frequency"),
            render: (_, r) => t(`designer.frequency.${r.frequency}`),
          },
          { title: t("reports.status"), render: (_, r) => <RegimeStatusTag status={r.status} /> },
          {
            title: t("reports.templateVersion"),
            render: (_, r) => r.templateVersion ?? "—",
          },
        ]}
      />
    </>
  );
}
