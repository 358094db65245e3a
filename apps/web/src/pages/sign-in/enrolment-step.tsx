import { KeyOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, Flex, Form, Spin, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import {
  confirmSignInEnrolment,
  fetchInteraction,
  startSignInEnrolment,
} from "../../api/interaction.ts";
import { passkeysSupported } from "../../api/passkey.ts";
import {
  AuthenticatorSecret,
  CodeField,
  compactCode,
} from "../../components/authenticator-secret.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { RecoveryCodes } from "../../components/recovery-codes.tsx";
import { useT } from "../../i18n/index.tsx";
import { PasskeyEnrolment } from "./passkey-enrolment.tsx";

type EnrolmentStepProps = {
  uid: string;
  /** Called once the authenticator is confirmed, so the page can retitle itself. */
  onConfirmed: () => void;
  onDone: (redirectTo: string) => void;
};

/**
 * The account needs a second factor and has none yet: add an authenticator app now (or, where the
 * browser and the platform's address allow, a passkey), prove it, and keep the recovery codes
 * before going on.
 */
export function EnrolmentStep({ uid, onConfirmed, onDone }: EnrolmentStepProps) {
  const t = useT();
  // Starting again draws a new secret and voids the one already scanned: fetch it exactly once.
  const enrolment = useQuery({
    queryKey: ["interaction", uid, "enrolment"],
    queryFn: () => startSignInEnrolment(uid),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnReconnect: false,
  });
  const confirm = useMutation({
    mutationFn: (code: string) => confirmSignInEnrolment(uid, compactCode(code)),
    onSuccess: onConfirmed,
  });
  const factors = useQuery({
    queryKey: ["interaction", uid, "second-factor"],
    queryFn: async () => (await fetchInteraction(uid)).secondFactor,
    staleTime: Infinity,
    retry: false,
  });
  const [kind, setKind] = useState<"app" | "passkey">("app");
  const [passkeyDone, setPasskeyDone] = useState<{ recoveryCodes: string[]; redirectTo: string }>();
  const finished = confirm.data ?? passkeyDone;
  const continueButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (finished) continueButton.current?.focus();
  }, [finished]);

  if (finished) {
    const { recoveryCodes, redirectTo } = finished;
    return (
      <>
        <RecoveryCodes codes={recoveryCodes} />
        <Button ref={continueButton} type="primary" block onClick={() => onDone(redirectTo)}>
          {t("common.continue")}
        </Button>
      </>
    );
  }
  const offerPasskey = factors.data?.passkeysAvailable === true && passkeysSupported();
  if (kind === "passkey") {
    return (
      <>
        <PasskeyEnrolment
          uid={uid}
          onDone={(result) => {
            setPasskeyDone(result);
            onConfirmed();
          }}
        />
        <Button type="link" block onClick={() => setKind("app")}>
          {t("enrolment.useApp")}
        </Button>
      </>
    );
  }
  if (enrolment.isPending) {
    return (
      <Flex justify="center" style={{ padding: 24 }}>
        <Spin aria-label={t("common.loading")} />
      </Flex>
    );
  }
  if (!enrolment.data) return <ProblemAlert error={enrolment.error} />;
  return (
    <>
      <Typography.Paragraph>{t("enrolment.intro")}</Typography.Paragraph>
      <AuthenticatorSecret enrolment={enrolment.data} />
      <ProblemAlert error={confirm.error} />
      <Form<{ code: string }>
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => confirm.mutate(values.code)}
        disabled={confirm.isPending}
      >
        <CodeField label={t("enrolment.code")} autoFocus />
        <Button type="primary" htmlType="submit" block loading={confirm.isPending}>
          {t("enrolment.confirm")}
        </Button>
      </Form>
      {offerPasskey ? (
        <Button
          block
          icon={<KeyOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => setKind("passkey")}
        >
          {t("enrolment.usePasskey")}
        </Button>
      ) : null}
    </>
  );
}
