import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Space, Spin, Tag, Typography } from "antd";
import { useState } from "react";
import { fetchSecondFactor, regenerateRecoveryCodes, removeTotp } from "../../api/account.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { RecoveryCodes } from "../../components/recovery-codes.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { CodeModal } from "./code-modal.tsx";
import { PasskeyList } from "./passkey-list.tsx";
import { TotpEnrolment } from "./totp-enrolment.tsx";

type Mode =
  | { kind: "idle" }
  | { kind: "enrol" }
  | { kind: "codes"; codes: string[] }
  | { kind: "regenerate" }
  | { kind: "remove" };

/** Few enough left that the person should make new ones before they run out. */
const FEW_CODES = 3;

/** The authenticator app, the passkeys and the recovery codes behind the second step of each sign-in. */
export function SecondFactorSection() {
  const t = useT();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<Mode>({ kind: "idle" });
  const status = useQuery({ queryKey: ["account", "second-factor"], queryFn: fetchSecondFactor });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["account", "second-factor"] });
  const showCodes = (codes: string[]) => {
    void refresh();
    setMode({ kind: "codes", codes });
  };

  let body;
  if (status.isPending) body = <Spin aria-label={t("common.loading")} />;
  else if (!status.data) body = <ProblemAlert error={status.error} />;
  else if (mode.kind === "enrol")
    body = (
      <TotpEnrolment
        proofNeeded={status.data.totp || status.data.passkeys > 0}
        passkeys={status.data.passkeys > 0}
        onDone={showCodes}
        onCancel={() => setMode({ kind: "idle" })}
      />
    );
  else if (mode.kind === "codes")
    body = (
      <>
        <RecoveryCodes codes={mode.codes} username={me.username} />
        <Button type="primary" onClick={() => setMode({ kind: "idle" })}>
          {t("recoveryCodes.saved")}
        </Button>
      </>
    );
  else {
    const { totp, passkeys, recoveryCodesLeft, required } = status.data;
    const anyFactor = totp || passkeys > 0;
    body = (
      <>
        <Descriptions
          column={1}
          size="small"
          style={{ marginBottom: 16 }}
          items={[
            {
              key: "app",
              label: t("account.authenticatorApp"),
              children: (
                <Tag color={totp ? "green" : "default"}>
                  {t(totp ? "account.factorOn" : "account.factorOff")}
                </Tag>
              ),
            },
            ...(anyFactor
              ? [
                  {
                    key: "codes",
                    label: t("account.recoveryCodesLeft"),
                    children: (
                      <Typography.Text type={recoveryCodesLeft <= FEW_CODES ? "danger" : undefined}>
                        {recoveryCodesLeft}
                      </Typography.Text>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {required ? (
          <Typography.Paragraph type="secondary">
            {t("account.factorRequired")}
          </Typography.Paragraph>
        ) : null}
        <Space wrap>
          <Button
            type={anyFactor ? "default" : "primary"}
            onClick={() => setMode({ kind: "enrol" })}
          >
            {t(totp ? "account.replaceApp" : "account.enableFactor")}
          </Button>
          {anyFactor ? (
            <Button onClick={() => setMode({ kind: "regenerate" })}>
              {t("account.newRecoveryCodes")}
            </Button>
          ) : null}
          {totp && (!required || passkeys > 0) ? (
            <Button danger onClick={() => setMode({ kind: "remove" })}>
              {t("account.disableFactor")}
            </Button>
          ) : null}
        </Space>
        <PasskeyList
          hasFactor={anyFactor}
          onChanged={() => void refresh()}
          onRecoveryCodes={showCodes}
        />
      </>
    );
  }

  return (
    <SectionCard title={t("account.secondFactor")}>
      <Typography.Paragraph type="secondary">{t("account.secondFactorHelp")}</Typography.Paragraph>
      {body}
      {mode.kind === "regenerate" ? (
        <CodeModal
          title={t("account.newRecoveryCodes")}
          description={t("account.newRecoveryCodesHelp")}
          okText={t("account.newRecoveryCodes")}
          passkeys={(status.data?.passkeys ?? 0) > 0}
          action={regenerateRecoveryCodes}
          onDone={(result) => showCodes(result.recoveryCodes)}
          onClose={() => setMode({ kind: "idle" })}
        />
      ) : null}
      {mode.kind === "remove" ? (
        <CodeModal
          title={t("account.disableFactor")}
          description={t("account.disableFactorHelp")}
          okText={t("account.disableFactor")}
          danger
          passkeys={(status.data?.passkeys ?? 0) > 0}
          action={removeTotp}
          onDone={() => {
            void refresh();
            void message.success(t("account.factorRemoved"));
            setMode({ kind: "idle" });
          }}
          onClose={() => setMode({ kind: "idle" })}
        />
      ) : null}
    </SectionCard>
  );
}
