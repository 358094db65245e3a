import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, InputNumber, Space, Table, Tag, type TableColumnsType } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { listRegisters, setRegisterOpen, type Register } from "../../api/documents-registers.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { key } from "./labels.ts";
import { OpenRegisterModal } from "./open-register-modal.tsx";
import { RegisterEntries } from "./register-entries.tsx";

const thisYear = () =>
  Number(new Date().toLocaleString("en-US", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric" }));

/** Sổ văn bản: the organization's registers of a year, and the entries of the one chosen. */
export default function RegistersPage() {
  const t = useT();
  const me = useCurrentUser();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get("year")) || thisYear();
  const selectedId = params.get("register");
  const [creating, setCreating] = useState(false);
  const manages = hasRole(me, "clerk", "org_admin");

  const registers = useQuery({
    queryKey: ["registers", year],
    queryFn: () => listRegisters({ year }),
  });
  const toggle = useMutation({
    mutationFn: (r: Register) => setRegisterOpen(r.id, r.status === "closed"),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["registers"] }),
    onError: reportProblem,
  });
  const choose = (next: { year?: number; register?: string }) => {
    const search = new URLSearchParams();
    search.set("year", String(next.year ?? year));
    if (next.register) search.set("register", next.register);
    setParams(search, { replace: true });
  };
  const selected = registers.data?.items.find((r) => r.id === selectedId);

  const columns: TableColumnsType<Register> = [
    {
      title: t("registers.name"),
      key: "name",
      render: (_: unknown, r: Register) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => choose({ register: r.id })}>
          {r.name}
        </Button>
      ),
    },
    {
      title: t("registers.direction"),
      dataIndex: "direction",
      width: 140,
      render: (v: string) => t(key("registerDirection", v)),
    },
    {
      title: t("registers.kind"),
      dataIndex: "kind",
      width: 120,
      render: (v: string) => t(key("registerKind", v)),
    },
    { title: t("registers.lastNumber"), dataIndex: "lastNumber", width: 120 },
    {
      title: t("registers.status"),
      dataIndex: "status",
      width: 120,
      render: (v: Register["status"]) => (
        <Tag color={v === "open" ? "green" : "default"}>{t(key("registerStatus", v))}</Tag>
      ),
    },
    ...(manages
      ? [
          {
            title: t("common.actions"),
            key: "actions",
            width: 130,
            render: (_: unknown, r: Register) => (
              <Button
                size="small"
                loading={toggle.isPending && toggle.variables.id === r.id}
                onClick={() => toggle.mutate(r)}
              >
                {r.status === "open" ? t("registers.close") : t("registers.reopen")}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t("registers.title")}
        extra={
          <Space wrap>
            <label htmlFor="registers-year">{t("registers.year")}</label>
            <InputNumber
              id="registers-year"
              min={2000}
              max={2999}
              value={year}
              onChange={(v) => (v ? choose({ year: v }) : undefined)}
            />
            {manages ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t("registers.open")}
              </Button>
            ) : null}
          </Space>
        }
      />
      <ProblemAlert error={registers.error} />
      <Table<Register>
        rowKey="id"
        columns={columns}
        dataSource={registers.data?.items ?? []}
        loading={registers.isPending}
        pagination={false}
        size="middle"
        rowClassName={(r) => (r.id === selectedId ? "ant-table-row-selected" : "")}
        locale={{ emptyText: t("registers.empty") }}
        style={{ marginBottom: 16 }}
      />
      {selected ? (
        <SectionCard title={selected.name}>
          <RegisterEntries register={selected} />
        </SectionCard>
      ) : null}
      <OpenRegisterModal
        open={creating}
        year={year}
        onClose={(created) => {
          setCreating(false);
          if (created) choose({ year: created.year, register: created.id });
        }}
      />
    </>
  );
}
