import { Flex, Spin } from "antd";
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useLocation } from "react-router";
import type { Me } from "../api/types.ts";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { useT } from "../i18n/index.tsx";
import { useSession } from "./session.ts";
import { startSignIn } from "./sign-in-url.ts";

const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in person; only valid below `RequireSignIn`. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error("useCurrentUser needs RequireSignIn");
  return me;
}

/**
 * Renders its children for a signed-in person; sends anybody else through the platform's single
 * sign-on, which brings them back to the page they asked for.
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const session = useSession();
  const signedOut = session.isSuccess && !session.data;
  const here = location.pathname + location.search;
  useEffect(() => {
    if (signedOut) startSignIn(here);
  }, [signedOut, here]);
  if (session.isError) return <ProblemAlert error={session.error} />;
  if (!session.data) {
    return (
      <Flex justify="center" align="center" style={{ minHeight: "100vh" }}>
        <Spin size="large" aria-label={t("common.loading")} />
      </Flex>
    );
  }
  return (
    <CurrentUserContext.Provider value={session.data.user}>{children}</CurrentUserContext.Provider>
  );
}
