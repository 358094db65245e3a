import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form, Input, Modal, Select } from "antd";
import { ApiError } from "../../api/client.ts";
import { addPeer, updatePeer, type Peer, type PeerUpdate } from "../../api/federation.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type Values = { name: string; url: string; certificate: string; orgCodes: string[] };

const AGENCY_CODE = /^[0-9A-Z.]{1,32}$/;

/**
 * Adds a peer (its name, listener URL, the certificate it sent, the agency codes it serves), or
 * changes one: only the fields that differ are sent, so re-pinning a rolled-over certificate is
 * pasting the new one.
 */
export function PeerFormModal({
  open,
  peer,
  onClose,
}: {
  open: boolean;
  peer?: Peer;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const input = { ...v, url: v.url.trim(), certificate: v.certificate.trim() };
      if (!peer) return addPeer(input);
      const changes: PeerUpdate = {};
      if (input.url !== peer.url) changes.url = input.url;
      if (input.certificate !== peer.certificate.trim()) changes.certificate = input.certificate;
      if (input.orgCodes.join(",") !== peer.orgCodes.join(",")) changes.orgCodes = input.orgCodes;
      return Object.keys(changes).length ? updatePeer(peer.id, changes) : peer;
    },
    onSuccess: async () => {
      void message.success(t(peer ? "lgsp.federation.saved" : "lgsp.federation.added"));
      await queryClient.invalidateQueries({ queryKey: ["lgsp-peers"] });
      onClose();
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fields = error.errors.flatMap((e) => {
        const name = e.path
          .replace(/^body\./, "")
          .replace(/^\//, "")
          .split(/[./]/)[0];
        return name && ["name", "url", "certificate", "orgCodes"].includes(name)
          ? [{ name: name as keyof Values, errors: [e.message] }]
          : [];
      });
      if (fields.length) form.setFields(fields);
    },
  });

  const required = { required: true, whitespace: true, message: t("common.required") };
  return (
    <Modal
      open={open}
      title={peer ? t("lgsp.federation.editNamed", { name: peer.name }) : t("lgsp.federation.add")}
      okText={peer ? t("lgsp.federation.save") : t("lgsp.federation.add")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: save.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        save.reset();
      }}
      width={720}
      destroyOnHidden
    >
      <ProblemAlert error={save.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          peer
            ? {
                name: peer.name,
                url: peer.url,
                certificate: peer.certificate,
                orgCodes: peer.orgCodes,
              }
            : { orgCodes: [] }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="name"
          label={t("lgsp.federation.name")}
          extra={peer ? undefined : t("lgsp.federation.nameHelp")}
          rules={[
            required,
            { pattern: /^[a-z0-9][a-z0-9.-]{0,62}$/, message: t("lgsp.federation.nameInvalid") },
          ]}
        >
          <Input disabled={Boolean(peer)} autoFocus={!peer} />
        </Form.Item>
        <Form.Item
          name="url"
          label={t("lgsp.federation.url")}
          extra={t("lgsp.federation.urlHelp")}
          rules={[
            required,
            { pattern: /^https:\/\/\S+$/, message: t("lgsp.federation.urlInvalid") },
          ]}
        >
          <Input placeholder="https://ndxp.gov.vn:8443" />
        </Form.Item>
        <Form.Item
          name="orgCodes"
          label={t("lgsp.federation.orgCodes")}
          extra={t("lgsp.federation.orgCodesHelp")}
          rules={[
            { required: true, type: "array", min: 1, message: t("common.required") },
            {
              validator: async (_, codes: string[] = []) => {
                const bad = codes.find((c) => !AGENCY_CODE.test(c));
                if (bad) throw new Error(t("lgsp.federation.orgCodeInvalid", { code: bad }));
              },
            },
          ]}
        >
          <Select mode="tags" tokenSeparators={[",", " "]} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item
          name="certificate"
          label={t("lgsp.federation.certificate")}
          extra={t("lgsp.federation.certificateHelp")}
          rules={[required]}
        >
          <Input.TextArea
            rows={6}
            spellCheck={false}
            style={{ fontFamily: "monospace", fontSize: 12 }}
            placeholder="-----BEGIN CERTIFICATE-----"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
