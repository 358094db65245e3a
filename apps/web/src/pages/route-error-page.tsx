import { Button, Result } from "antd";
import { useRouteError } from "react-router";
import { useT } from "../i18n/index.tsx";

/**
 * What a page that failed to show says, instead of the router's developer screen: the error in a
 * sentence and a way to load the page again (the details go to the browser's console).
 */
export function RouteErrorPage() {
  const t = useT();
  const error = useRouteError();
  console.error(error);
  return (
    <Result
      status="error"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t("routeError.title")}</h1>}
      subTitle={t("routeError.detail")}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t("routeError.reload")}
        </Button>
      }
    />
  );
}
