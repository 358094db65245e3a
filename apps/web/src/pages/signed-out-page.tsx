import { Alert, Button, Typography } from "antd";
import { useSearchParams } from "react-router";
import { signInUrl } from "../auth/sign-in-url.ts";
import { StandalonePage } from "../components/standalone-page.tsx";
import { en } from "../i18n/en.ts";
import { useLanguage, useT, type MessageKey } from "../i18n/index.tsx";
import { vi } from "../i18n/vi.ts";

/** Why `/auth/callback` could not open a session, as `/signed-out?error=<reason>` says. */
const FAILURES: Record<string, MessageKey> = {
  state: "signedOut.error.state",
  exchange: "signedOut.error.exchange",
  id_token: "signedOut.error.id_token",
  issuer: "signedOut.error.id_token",
  account: "signedOut.error.account",
  access_denied: "signedOut.error.access_denied",
  login_required: "signedOut.error.state",
  interaction_required: "signedOut.error.state",
};

/**
 * Where the provider's sign-out comes back to, and where a failed sign-in lands. It needs no
 * session; "sign in again" starts a fresh single sign-on.
 */
export function SignedOutPage() {
  const t = useT();
  const { language } = useLanguage();
  const [params] = useSearchParams();
  const error = params.get("error");
  const signIn = (
    <Button type="primary" block href={signInUrl("/")} autoFocus>
      {t("signedOut.signInAgain")}
    </Button>
  );
  if (!error) {
    return (
      <StandalonePage title={t("signedOut.title")}>
        <Typography.Paragraph>{t("signedOut.detail")}</Typography.Paragraph>
        {signIn}
      </StandalonePage>
    );
  }
  // Whoever lands here may not have picked a language yet: the reason is given in both.
  const reason = FAILURES[error] ?? "signedOut.error.other";
  const otherLanguage = language === "vi" ? "en" : "vi";
  return (
    <StandalonePage title={t("signedOut.failedTitle")}>
      <Alert
        role="alert"
        type="error"
        showIcon
        title={t(reason)}
        description={
          <>
            <span lang={otherLanguage}>{(otherLanguage === "vi" ? vi : en)[reason]}</span>
            <br />
            {t("signedOut.reason", { reason: error })}
          </>
        }
        style={{ marginBottom: 16 }}
      />
      {signIn}
    </StandalonePage>
  );
}
