import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Descriptions,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { useState } from "react";
import {
  getInstanceCertificate,
  listPeerCatalogues,
  listPeers,
  removePeer,
  updatePeer,
  type Peer,
  type PeerCatalogueEntry,
} from "../../api/federation.ts";
import { formatDateTime } from "../../components/format.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { PeerFormModal } from "./peer-form-modal.tsx";
import { ReasonModal } from "./reason-modal.tsx";

/**
 * Federation with other platforms (the national NDXP, other ministries): this instance's
 * certificate to hand over, the pinned peers with suspend / resume / edit / remove, and the
 * catalogues the peers share, read live.
 */
export default function FederationPage() {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Peer | "new">();
  const [suspending, setSuspending] = useState<Peer>();

  const identity = useQuery({ queryKey: ["lgsp-instance"], queryFn: getInstanceCertificate });
  const peers = useQuery({ queryKey: ["lgsp-peers"], queryFn: listPeers });
  const catalogue = useQuery({
    queryKey: ["lgsp-peers", "catalogue"],
    queryFn: listPeerCatalogues,
  });

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["lgsp-peers"] });
  const setStatus = useMutation({
    mutationFn: ({ peer, reason }: { peer: Peer; reason?: string }) =>
      updatePeer(peer.id, reason ? { status: "suspended", reason } : { status: "active" }),
    onSuccess: async (peer) => {
      void message.success(
        t(peer.status === "active" ? "lgsp.federation.resumed" : "lgsp.federation.suspended"),
      );
      setSuspending(undefined);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (peer: Peer) => removePeer(peer.id),
    onSuccess: async () => {
      void message.success(t("lgsp.federation.removed"));
      await refresh();
    },
  });

  const columns: TableColumnsType<Peer> = [
    {
      title: t("lgsp.federation.name"),
      key: "name",
      render: (_: unknown, p: Peer) => (
        <>
          <strong>{p.name}</strong>
          <br />
          <small>
            <code>{p.url}</code>
          </small>
        </>
      ),
    },
    {
      title: t("lgsp.federation.status"),
      key: "status",
      width: 220,
      render: (_: unknown, p: Peer) => (
        <>
          <Tag color={p.status === "active" ? "green" : "orange"}>
            {t(p.status === "active" ? "lgsp.federation.active" : "lgsp.federation.suspendedTag")}
          </Tag>
          {p.statusReason ? <div>{p.statusReason}</div> : null}
        </>
      ),
    },
    {
      title: t("lgsp.federation.orgCodes"),
      key: "orgs",
      width: 200,
      render: (_: unknown, p: Peer) => (
        <Space size={[4, 4]} wrap>
          {p.orgCodes.map((code) => (
            <Tag key={code}>{code}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t("lgsp.federation.fingerprint"),
      dataIndex: "fingerprint",
      width: 260,
      render: (v: string) => (
        <small>
          <code style={{ wordBreak: "break-all" }}>{v}</code>
        </small>
      ),
    },
    {
      title: t("lgsp.federation.changed"),
      key: "changed",
      width: 170,
      render: (_: unknown, p: Peer) => (
        <>
          {formatDateTime(p.updatedAt ?? p.createdAt, language)}
          <br />
          <small>{p.updatedBy ?? p.createdBy}</small>
        </>
      ),
    },
    {
      title: t("common.actions"),
      key: "actions",
      width: 250,
      render: (_: unknown, p: Peer) => (
        <Space wrap>
          <Button
            size="small"
            aria-label={t("lgsp.federation.editNamed", { name: p.name })}
            onClick={() => setEditing(p)}
          >
            {t("lgsp.federation.edit")}
          </Button>
          {p.status === "active" ? (
            <Button
              size="small"
              danger
              aria-label={t("lgsp.federation.suspendNamed", { name: p.name })}
              onClick={() => {
                setStatus.reset();
                setSuspending(p);
              }}
            >
              {t("lgsp.federation.suspend")}
            </Button>
          ) : (
            <Button
              size="small"
              aria-label={t("lgsp.federation.resumeNamed", { name: p.name })}
              loading={setStatus.isPending && setStatus.variables.peer.id === p.id}
              onClick={() => setStatus.mutate({ peer: p })}
            >
              {t("lgsp.federation.resume")}
            </Button>
          )}
          <Popconfirm
            title={t("lgsp.federation.removeConfirm", { name: p.name })}
            okText={t("lgsp.federation.remove")}
            okButtonProps={{ danger: true }}
            cancelText={t("common.cancel")}
            onConfirm={() => remove.mutate(p)}
          >
            <Button
              size="small"
              danger
              type="text"
              aria-label={t("lgsp.federation.removeNamed", { name: p.name })}
            >
              {t("lgsp.federation.remove")}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  const catalogueColumns: TableColumnsType<PeerCatalogueEntry> = [
    { title: t("lgsp.federation.peer"), dataIndex: "peer", width: 120 },
    {
      title: t("lgsp.federation.service"),
      key: "service",
      render: (_: unknown, e: PeerCatalogueEntry) => (
        <>
          {e.documentationUrl ? (
            <a href={e.documentationUrl} target="_blank" rel="noreferrer">
              {e.name}
            </a>
          ) : (
            e.name
          )}
          <br />
          <small>{e.description}</small>
        </>
      ),
    },
    {
      title: t("lgsp.federation.provider"),
      key: "provider",
      width: 240,
      render: (_: unknown, e: PeerCatalogueEntry) => (
        <>
          {e.providerOrgName}
          <br />
          <small>
            <code>
              {e.providerOrgCode}/{e.providerSystemCode}
            </code>
          </small>
        </>
      ),
    },
    {
      title: t("lgsp.federation.gatewayPath"),
      dataIndex: "gatewayPath",
      width: 320,
      render: (v: string) => (
        <Typography.Text code copyable>
          {v}
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("lgsp.federation.title")}
        extra={
          <Button type="primary" onClick={() => setEditing("new")}>
            {t("lgsp.federation.add")}
          </Button>
        }
      />
      <p>{t("lgsp.federation.intro")}</p>
      <SectionCard title={t("lgsp.federation.instance")}>
        <ProblemAlert error={identity.error} />
        {identity.data ? (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t("lgsp.federation.fingerprint")}>
              <Typography.Text code copyable>
                {identity.data.fingerprint}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t("lgsp.federation.certificate")}>
              <Typography.Paragraph
                copyable={{ text: identity.data.certificate }}
                style={{ marginBottom: 0 }}
              >
                {t("lgsp.federation.instanceHelp")}
              </Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        ) : null}
      </SectionCard>
      <SectionCard title={t("lgsp.federation.peers")}>
        <ProblemAlert
          error={peers.error ?? remove.error ?? (suspending ? null : setStatus.error)}
        />
        <Table<Peer>
          rowKey="id"
          columns={columns}
          dataSource={peers.data ?? []}
          loading={peers.isPending}
          pagination={false}
          size="middle"
          scroll={{ x: 1200 }}
          locale={{ emptyText: t("lgsp.federation.empty") }}
        />
      </SectionCard>
      <SectionCard title={t("lgsp.federation.catalogue")}>
        <ProblemAlert error={catalogue.error} />
        {catalogue.data?.unreachable.length ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t("lgsp.federation.unreachable", {
              names: catalogue.data.unreachable.join(", "),
            })}
          />
        ) : null}
        <Table<PeerCatalogueEntry>
          rowKey={(e) => `${e.peer}:${e.gatewayPath}`}
          columns={catalogueColumns}
          dataSource={catalogue.data?.items ?? []}
          loading={catalogue.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          size="middle"
          scroll={{ x: 1000 }}
          locale={{ emptyText: t("lgsp.federation.catalogueEmpty") }}
        />
      </SectionCard>
      <PeerFormModal
        open={editing !== undefined}
        peer={editing === "new" ? undefined : editing}
        onClose={() => setEditing(undefined)}
      />
      <ReasonModal
        open={Boolean(suspending)}
        title={suspending ? t("lgsp.federation.suspendNamed", { name: suspending.name }) : ""}
        okText={t("lgsp.federation.suspend")}
        pending={setStatus.isPending}
        error={setStatus.error}
        onSubmit={(reason) => suspending && setStatus.mutate({ peer: suspending, reason })}
        onCancel={() => setSuspending(undefined)}
      />
    </>
  );
}
