import { CheckCircleOutlined, EditOutlined, KeyOutlined, StopOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Popconfirm, Space } from "antd";
import { useState } from "react";
import { rotateClientSecret, updateClient } from "../../api/clients.ts";
import type { Client, ClientWithSecret } from "../../api/types.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { useReportProblem } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";
import { ClientSecretModal } from "./client-secret-modal.tsx";

/**
 * Edit, issue a new secret (the old one stops working at once, so it asks first) and disable or
 * enable a client.
 */
export function ClientActions({ client: c }: { client: Client }) {
  const t = useT();
  const { message } = App.useApp();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const [issued, setIssued] = useState<ClientWithSecret | null>(null);
  const id = c.id;
  const changed = (updated: Client) => {
    queryClient.setQueryData(["clients", "one", id], updated);
    void queryClient.invalidateQueries({ queryKey: ["clients"] });
  };
  const setStatus = useMutation({
    mutationFn: (status: Client["status"]) => updateClient(id, { status }),
    onSuccess: (updated) => {
      changed(updated);
      void message.success(t(updated.status === "active" ? "client.enabled" : "client.disabled"));
    },
    onError: reportProblem,
  });
  const rotate = useMutation({
    mutationFn: () => rotateClientSecret(id),
    onSuccess: (result) => {
      changed(result.client);
      setIssued(result);
    },
    onError: reportProblem,
  });

  return (
    <>
      <Space wrap>
        <LinkButton icon={<EditOutlined />} to={`/identity/clients/${c.id}/edit`}>
          {t("common.edit")}
        </LinkButton>
        {c.authMethod.startsWith("client_secret") ? (
          <Popconfirm
            title={t("client.rotateConfirm")}
            okText={t("client.rotate")}
            cancelText={t("common.cancel")}
            onConfirm={() => rotate.mutate()}
          >
            <Button icon={<KeyOutlined />} loading={rotate.isPending}>
              {t("client.rotate")}
            </Button>
          </Popconfirm>
        ) : null}
        {c.status === "active" ? (
          <Popconfirm
            title={t("client.disableConfirm")}
            okText={t("client.disable")}
            cancelText={t("common.cancel")}
            okButtonProps={{ danger: true }}
            onConfirm={() => setStatus.mutate("disabled")}
          >
            <Button danger icon={<StopOutlined />} loading={setStatus.isPending}>
              {t("client.disable")}
            </Button>
          </Popconfirm>
        ) : (
          <Button
            icon={<CheckCircleOutlined />}
            loading={setStatus.isPending}
            onClick={() => setStatus.mutate("active")}
          >
            {t("client.enable")}
          </Button>
        )}
      </Space>
      {issued ? <ClientSecretModal issued={issued} onClose={() => setIssued(null)} /> : null}
    </>
  );
}
