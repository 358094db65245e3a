import {
  MutationCache,
  QueryCache,
  QueryClient,
  QueryClientProvider,
  useQueryClient,
} from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import viVN from "antd/locale/vi_VN";
import dayjs from "dayjs";
import "dayjs/locale/vi";
import { useEffect } from "react";
import { RouterProvider } from "react-router";
import { ApiError } from "./api/client.ts";
import { SESSION_KEY } from "./auth/session.ts";
import { LanguageProvider, useLanguage } from "./i18n/index.tsx";
import { router } from "./routes.tsx";

/**
 * A 401 `unauthenticated` on any call means the session ended: forget it, and the guard sends the
 * person to sign in. Other 401s (a wrong password or code typed on purpose) leave the session be.
 */
function forgetSessionOn401(error: unknown) {
  if (error instanceof ApiError && error.status === 401 && error.code === "unauthenticated") {
    queryClient.setQueryData(SESSION_KEY, null);
  }
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: forgetSessionOn401 }),
  mutationCache: new MutationCache({ onError: forgetSessionOn401 }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function LocalizedApp() {
  const { language } = useLanguage();
  const client = useQueryClient();
  useEffect(() => {
    dayjs.locale(language);
    // Failed calls carry the server's words in the old language; ask again in the new one.
    void client.invalidateQueries({ predicate: (query) => query.state.status === "error" });
  }, [language, client]);
  return (
    <ConfigProvider
      locale={language === "vi" ? viVN : enUS}
      theme={{ token: { colorPrimary: "#b71c1c", borderRadius: 6 } }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function AppRoot() {
  return (
    <LanguageProvider>
      <QueryClientProvider client={queryClient}>
        <LocalizedApp />
      </QueryClientProvider>
    </LanguageProvider>
  );
}
