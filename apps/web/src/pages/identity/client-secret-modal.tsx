import { Alert, Button, Flex, Input, Modal, Typography } from "antd";
import { useId } from "react";
import type { ClientWithSecret } from "../../api/types.ts";
import { useT } from "../../i18n/index.tsx";

type ClientSecretModalProps = { issued: ClientWithSecret; onClose: () => void };

function CopyableValue({ label, value }: { label: string; value: string }) {
  const t = useT();
  const id = useId();
  return (
    <Flex vertical gap={4} style={{ marginBottom: 12 }}>
      <label htmlFor={id}>{label}</label>
      <Input
        id={id}
        readOnly
        value={value}
        style={{ fontFamily: "monospace" }}
        onFocus={(event) => event.target.select()}
        suffix={
          <Typography.Text
            copyable={{ text: value, tooltips: [t("common.copy"), t("common.copied")] }}
          />
        }
      />
    </Flex>
  );
}

/**
 * The client secret, shown this once: the platform keeps only its hash. The dialog closes only
 * through its button, so a stray click or Escape does not lose the secret.
 */
export function ClientSecretModal({ issued, onClose }: ClientSecretModalProps) {
  const t = useT();
  return (
    <Modal
      open
      title={t("clientSecret.title", { name: issued.client.name })}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t("clientSecret.saved")}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        title={t("clientSecret.once")}
        description={t("clientSecret.onceHelp")}
        style={{ marginBottom: 16 }}
      />
      <CopyableValue label={t("client.clientId")} value={issued.client.clientId} />
      {issued.clientSecret ? (
        <CopyableValue label={t("client.secret")} value={issued.clientSecret} />
      ) : null}
    </Modal>
  );
}
