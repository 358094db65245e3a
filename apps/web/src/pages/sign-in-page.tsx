import { useMutation, useQuery } from "@tanstack/react-query";
import { Button, Flex, Spin, Typography } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import { abortInteraction, fetchInteraction, type StepResult } from "../api/interaction.ts";
import type { InteractionStep } from "../api/types.ts";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { StandalonePage } from "../components/standalone-page.tsx";
import { useT, type MessageKey } from "../i18n/index.tsx";
import { ConsentStep } from "./sign-in/consent-step.tsx";
import { EnrolmentStep } from "./sign-in/enrolment-step.tsx";
import { PasswordStep } from "./sign-in/password-step.tsx";
import { SecondFactorStep } from "./sign-in/second-factor-step.tsx";

const TITLES: Record<InteractionStep | "recovery_codes", MessageKey> = {
  password: "signIn.title",
  second_factor: "secondFactor.title",
  enrol_second_factor: "enrolment.title",
  recovery_codes: "recoveryCodes.title",
  consent: "consent.title",
};

/**
 * The provider's interaction page (`/interaction/:uid`): it asks for the password, then the
 * second factor (enrolling one first where policy requires it), then consent for third-party
 * applications, and hands the browser back to the provider with the `redirectTo` it gets.
 */
export function SignInPage() {
  const t = useT();
  const { uid = "" } = useParams();
  const details = useQuery({
    queryKey: ["interaction", uid],
    queryFn: () => fetchInteraction(uid),
    retry: false,
    staleTime: Infinity,
  });
  const [step, setStep] = useState<InteractionStep | "recovery_codes" | null>(null);
  const [leaving, setLeaving] = useState(false);
  const leave = (redirectTo: string) => {
    setLeaving(true);
    window.location.assign(redirectTo);
  };
  const abort = useMutation({
    mutationFn: () => abortInteraction(uid),
    onSuccess: (result) => leave(result.redirectTo),
  });
  const onStepResult = (result: StepResult) => {
    if (result.redirectTo) leave(result.redirectTo);
    else if (result.next) setStep(result.next);
  };

  const current = step ?? details.data?.next;
  const client = details.data?.client;
  const thirdParty = client && !client.firstParty ? (client.name ?? client.clientId) : null;

  if (details.error) {
    return (
      <StandalonePage title={t("signIn.title")}>
        <ProblemAlert error={details.error} />
        <Button type="primary" block href="/">
          {t("signIn.startAgain")}
        </Button>
      </StandalonePage>
    );
  }
  if (!details.data || !current || leaving) {
    return (
      <StandalonePage title={t(leaving ? "signIn.redirecting" : "common.loading")}>
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin aria-label={t(leaving ? "signIn.redirecting" : "common.loading")} />
        </Flex>
      </StandalonePage>
    );
  }
  return (
    <StandalonePage title={t(TITLES[current])} width={current === "password" ? 400 : 520}>
      {thirdParty && current !== "consent" ? (
        <Typography.Paragraph>{t("signIn.forClient", { client: thirdParty })}</Typography.Paragraph>
      ) : null}
      {current === "password" ? (
        <PasswordStep uid={uid} loginHint={details.data.loginHint} onResult={onStepResult} />
      ) : current === "second_factor" ? (
        <SecondFactorStep uid={uid} onDone={leave} />
      ) : current === "enrol_second_factor" || current === "recovery_codes" ? (
        <EnrolmentStep uid={uid} onConfirmed={() => setStep("recovery_codes")} onDone={leave} />
      ) : (
        <ConsentStep
          uid={uid}
          details={details.data}
          onDone={leave}
          onRefuse={() => abort.mutate()}
          refusing={abort.isPending}
        />
      )}
      <ProblemAlert error={abort.error} />
      {current !== "consent" &&
      current !== "recovery_codes" &&
      (thirdParty || current !== "password") ? (
        <Button
          type="link"
          block
          onClick={() => abort.mutate()}
          loading={abort.isPending}
          style={{ marginTop: 8 }}
        >
          {t("signIn.cancel")}
        </Button>
      ) : null}
    </StandalonePage>
  );
}
