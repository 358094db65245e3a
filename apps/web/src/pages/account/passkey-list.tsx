import { KeyOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, List, Modal, Tag, Typography } from "antd";
import { useState } from "react";
import { listPasskeys, removePasskey, renamePasskey } from "../../api/account.ts";
import { passkeysSupported } from "../../api/passkey.ts";
import type { Passkey } from "../../api/types.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { AddPasskeyModal } from "./add-passkey.tsx";
import { CodeModal } from "./code-modal.tsx";

export const PASSKEYS_KEY = ["account", "passkeys"] as const;

type Mode =
  | { kind: "idle" }
  | { kind: "add" }
  | { kind: "rename"; passkey: Passkey }
  | { kind: "remove"; passkey: Passkey };

type PasskeyListProps = {
  /** The account has a second factor of any kind, so adding a key needs proof of it. */
  hasFactor: boolean;
  onChanged: () => void;
  onRecoveryCodes: (codes: string[]) => void;
};

/** The account's passkeys and security keys: name, when created and last used; add, rename, remove. */
export function PasskeyList({ hasFactor, onChanged, onRecoveryCodes }: PasskeyListProps) {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>({ kind: "idle" });
  const passkeys = useQuery({ queryKey: PASSKEYS_KEY, queryFn: listPasskeys });
  const changed = (text: string) => {
    void queryClient.invalidateQueries({ queryKey: PASSKEYS_KEY });
    onChanged();
    void message.success(text);
    setMode({ kind: "idle" });
  };
  const items = passkeys.data?.items ?? [];
  const usable = passkeys.data?.available === true && passkeysSupported();

  return (
    <section aria-label={t("account.passkeys")} style={{ marginTop: 24 }}>
      <Typography.Title level={5}>{t("account.passkeys")}</Typography.Title>
      <Typography.Paragraph type="secondary">{t("account.passkeysHelp")}</Typography.Paragraph>
      <ProblemAlert error={passkeys.error} />
      {passkeys.data && !passkeys.data.available ? (
        <Typography.Paragraph type="warning">
          {t("account.passkeysUnavailable")}
        </Typography.Paragraph>
      ) : null}
      {passkeys.data?.available && !passkeysSupported() ? (
        <Typography.Paragraph type="warning">{t("passkey.unsupported")}</Typography.Paragraph>
      ) : null}
      <List<Passkey>
        loading={passkeys.isPending}
        dataSource={items}
        locale={{ emptyText: t("account.noPasskeys") }}
        renderItem={(passkey) => (
          <List.Item
            actions={[
              <Button
                key="rename"
                type="link"
                aria-label={t("account.renameNamed", { name: passkey.name })}
                onClick={() => setMode({ kind: "rename", passkey })}
              >
                {t("account.rename")}
              </Button>,
              <Button
                key="remove"
                type="link"
                danger
                aria-label={t("account.removePasskeyNamed", { name: passkey.name })}
                onClick={() => setMode({ kind: "remove", passkey })}
              >
                {t("account.removePasskey")}
              </Button>,
            ]}
          >
            <List.Item.Meta
              avatar={<KeyOutlined aria-hidden />}
              title={
                <>
                  {passkey.name} {passkey.backedUp ? <Tag>{t("account.passkeySynced")}</Tag> : null}
                </>
              }
              description={[
                t("account.passkeyCreatedAt", { at: formatDateTime(passkey.createdAt, language) }),
                passkey.lastUsedAt
                  ? t("account.passkeyLastUsed", {
                      at: formatDateTime(passkey.lastUsedAt, language),
                    })
                  : t("account.passkeyNeverUsed"),
              ].join(" · ")}
            />
          </List.Item>
        )}
      />
      {usable ? (
        <Button icon={<KeyOutlined />} onClick={() => setMode({ kind: "add" })}>
          {t("account.addPasskey")}
        </Button>
      ) : null}
      {mode.kind === "add" ? (
        <AddPasskeyModal
          proofNeeded={hasFactor}
          passkeys={items.length > 0}
          onDone={(codes) => {
            changed(t("account.passkeyAdded"));
            if (codes) onRecoveryCodes(codes);
          }}
          onClose={() => setMode({ kind: "idle" })}
        />
      ) : null}
      {mode.kind === "rename" ? (
        <RenameModal
          passkey={mode.passkey}
          onDone={() => changed(t("account.passkeyRenamed"))}
          onClose={() => setMode({ kind: "idle" })}
        />
      ) : null}
      {mode.kind === "remove" ? (
        <CodeModal
          title={t("account.removePasskeyNamed", { name: mode.passkey.name })}
          description={t("account.removePasskeyHelp")}
          okText={t("account.removePasskey")}
          danger
          passkeys={usable}
          action={(proof) => removePasskey(mode.passkey.id, proof)}
          onDone={() => changed(t("account.passkeyRemoved"))}
          onClose={() => setMode({ kind: "idle" })}
        />
      ) : null}
    </section>
  );
}

function RenameModal({
  passkey,
  onDone,
  onClose,
}: {
  passkey: Passkey;
  onDone: () => void;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ name: string }>();
  const mutation = useMutation({
    mutationFn: (name: string) => renamePasskey(passkey.id, name.trim()),
    onSuccess: onDone,
  });
  return (
    <Modal
      open
      title={t("account.renameNamed", { name: passkey.name })}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: mutation.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemAlert error={mutation.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: passkey.name }}
        onFinish={(values) => mutation.mutate(values.name)}
      >
        <Form.Item
          name="name"
          label={t("passkey.name")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input maxLength={64} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
