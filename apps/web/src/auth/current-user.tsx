import { Flex, Spin } from "antd";
import { createContext, useContext, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import type { Me } from "../api/types.ts";
import { ProblemAlert } from "../components/problem-alert.tsx";
import { useT } from "../i18n/index.tsx";
import { useSession } from "./session.ts";

const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in person; only valid below `RequireSignIn`. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error("useCurrentUser needs RequireSignIn");
  return me;
}

/** Renders its children for a signed-in person; sends anybody else to the sign-in page. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const session = useSession();
  if (session.isPending) {
    return (
      <Flex justify="center" align="center" style={{ minHeight: "100vh" }}>
        <Spin size="large" aria-label={t("common.loading")} />
      </Flex>
    );
  }
  if (session.isError) return <ProblemAlert error={session.error} />;
  if (!session.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <CurrentUserContext.Provider value={session.data.user}>{children}</CurrentUserContext.Provider>
  );
}
