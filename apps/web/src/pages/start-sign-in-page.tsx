import { Flex, Spin } from "antd";
import { useEffect } from "react";
import { useSearchParams } from "react-router";
import { startSignIn } from "../auth/sign-in-url.ts";
import { useT } from "../i18n/index.tsx";

/** `/sign-in?next=…` (bookmarks, links in mail): hands over to the single sign-on. */
export function StartSignInPage() {
  const t = useT();
  const [params] = useSearchParams();
  const next = params.get("next") ?? "/";
  useEffect(() => startSignIn(next), [next]);
  return (
    <Flex justify="center" align="center" style={{ minHeight: "100vh" }}>
      <Spin size="large" aria-label={t("signIn.redirecting")} />
    </Flex>
  );
}
