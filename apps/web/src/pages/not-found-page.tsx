import { Result } from "antd";
import { LinkButton } from "../components/link-button.tsx";
import { useT } from "../i18n/index.tsx";

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t("notFound.title")}</h1>}
      subTitle={t("notFound.detail")}
      extra={
        <LinkButton type="primary" to="/">
          {t("notFound.home")}
        </LinkButton>
      }
    />
  );
}
