import { Card, Flex, Typography } from "antd";
import type { ReactNode } from "react";
import { useT } from "../i18n/index.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

type StandalonePageProps = { title: ReactNode; width?: number; children: ReactNode };

/**
 * A page outside the signed-in frame (the sign-in steps, the signed-out page): one card with the
 * platform's name, the page's `h1` and the language switch.
 */
export function StandalonePage({ title, width = 440, children }: StandalonePageProps) {
  const t = useT();
  return (
    <Flex vertical style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Flex justify="flex-end" style={{ padding: 16 }}>
        <LanguageSwitch />
      </Flex>
      <Flex justify="center" align="flex-start" style={{ flex: 1, padding: 16 }}>
        <main style={{ width: "100%", maxWidth: width, marginTop: "6vh" }}>
          <Card>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {t("app.name")} · {t("signIn.subtitle")}
            </Typography.Paragraph>
            <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
              {title}
            </Typography.Title>
            {children}
          </Card>
        </main>
      </Flex>
    </Flex>
  );
}
