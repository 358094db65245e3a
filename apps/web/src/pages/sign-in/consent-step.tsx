import { CheckCircleOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Button, Flex, Space, Spin, Typography } from "antd";
import { useEffect, useRef } from "react";
import { giveConsent } from "../../api/interaction.ts";
import type { InteractionDetails } from "../../api/types.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { scopeLabel } from "../../components/scope-labels.ts";
import { useT } from "../../i18n/index.tsx";

type ConsentStepProps = {
  uid: string;
  details: InteractionDetails;
  onDone: (redirectTo: string) => void;
  onRefuse: () => void;
  refusing: boolean;
};

/** What a third-party application asks to see or do; first-party systems are let through. */
export function ConsentStep({ uid, details, onDone, onRefuse, refusing }: ConsentStepProps) {
  const t = useT();
  const mutation = useMutation({
    mutationFn: () => giveConsent(uid),
    onSuccess: (result) => onDone(result.redirectTo),
  });
  const { mutate } = mutation;
  const asked = useRef(false);
  const automatic = details.client.firstParty;
  useEffect(() => {
    if (automatic && !asked.current) {
      asked.current = true;
      mutate();
    }
  }, [automatic, mutate]);

  const resourceScopes = Object.values(details.missingResourceScopes).flat();
  const scopes = [...new Set([...details.scopes, ...resourceScopes])];
  const client = details.client.name ?? details.client.clientId ?? "";

  if (automatic && !mutation.error) {
    return (
      <Flex justify="center" style={{ padding: 24 }}>
        <Spin aria-label={t("signIn.redirecting")} />
      </Flex>
    );
  }
  return (
    <>
      <Typography.Paragraph>{t("consent.intro", { client })}</Typography.Paragraph>
      <ul
        aria-label={t("consent.scopesLabel")}
        style={{ listStyle: "none", padding: 0, margin: "0 0 16px" }}
      >
        {scopes.map((scope) => (
          <li key={scope} style={{ padding: "6px 0", borderBottom: "1px solid #f0f0f0" }}>
            <Space>
              <CheckCircleOutlined aria-hidden style={{ color: "#389e0d" }} />
              <span>{scopeLabel(scope, t)}</span>
            </Space>
          </li>
        ))}
      </ul>
      <Typography.Paragraph type="secondary">{t("consent.revokeHint")}</Typography.Paragraph>
      <ProblemAlert error={mutation.error} />
      <Flex gap={8}>
        <Button
          type="primary"
          autoFocus
          loading={mutation.isPending}
          disabled={refusing}
          onClick={() => mutation.mutate()}
          style={{ flex: 1 }}
        >
          {t("consent.allow")}
        </Button>
        <Button
          loading={refusing}
          disabled={mutation.isPending}
          onClick={onRefuse}
          style={{ flex: 1 }}
        >
          {t("consent.refuse")}
        </Button>
      </Flex>
    </>
  );
}
