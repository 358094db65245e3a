import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Form, Space, Spin } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import {
  activateRegime,
  createRegime,
  fetchRegimeDetail,
  type RegimeDetail,
} from "../../api/report-designer.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { isAdministrator } from "../../auth/session.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";
import { RegimeStatusTag } from "./designer-labels.tsx";
import { problemsOf } from "./designer-problems.ts";
import { EditRegime } from "./designer-regime-edit.tsx";
import { RegimeForm } from "./designer-regime-form.tsx";
import {
  initialRegimeValues,
  showRegimeProblems,
  toRegimeInput,
  type RegimeFormValues,
} from "./designer-regime-values.ts";
import { RegimeSummary } from "./designer-regime-summary.tsx";
import { DesignerRequests } from "./designer-requests.tsx";
import { DesignerTemplate } from "./designer-template.tsx";
import { ProblemList } from "./problem-list.tsx";

/**
 * Thiết kế chế độ báo cáo: a new regime's fields, or an existing regime with its template editor,
 * versions, publishing and putting in force. Administrators of the receiving organization edit;
 * everyone else reads (the server refuses them with 403, and the page then turns read-only).
 */
export default function RegimeDesignerPage() {
  const { id } = useParams();
  return id ? <ExistingRegime id={id} /> : <NewRegime />;
}

function NewRegime() {
  const t = useT();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegimeFormValues>();
  const create = useMutation({
    mutationFn: (values: RegimeFormValues) => createRegime(toRegimeInput(values)),
    onSuccess: async (regime) => {
      queryClient.setQueryData(["regime", regime.id], regime);
      await queryClient.invalidateQueries({ queryKey: ["regimes"] });
      void navigate(`/reports/regimes/${regime.id}`);
    },
    onError: (error) => showRegimeProblems(form, problemsOf(error)),
  });
  const allowed = isAdministrator(me);
  return (
    <>
      <PageHeader title={t("designer.newTitle")} />
      {allowed ? null : (
        <Alert type="info" showIcon title={t("designer.readOnly")} style={{ marginBottom: 16 }} />
      )}
      <ProblemList error={create.error} />
      <RegimeForm
        form={form}
        initialValues={initialRegimeValues(me.organization.id)}
        receiving={me.organization}
        disabled={!allowed}
        pending={create.isPending}
        submitLabel={t("designer.createRegime")}
        onSubmit={(values) => create.mutate(values)}
      />
    </>
  );
}

function ExistingRegime({ id }: { id: string }) {
  const t = useT();
  const me = useCurrentUser();
  const [forbidden, setForbidden] = useState<ApiError | null>(null);
  const regime = useQuery({ queryKey: ["regime", id], queryFn: () => fetchRegimeDetail(id) });
  if (regime.error) return <ProblemAlert error={regime.error} />;
  if (!regime.data) return <Spin aria-label={t("common.loading")} />;
  const readOnly = !isAdministrator(me) || forbidden !== null || regime.data.status === "retired";
  return (
    <>
      <PageHeader
        title={regime.data.name}
        extra={
          <Space>
            <RegimeStatusTag status={regime.data.status} />
            {readOnly ? null : <Activate regime={regime.data} onForbidden={setForbidden} />}
          </Space>
        }
      />
      {forbidden ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t("designer.readOnly")}
          description={forbidden.detail}
          style={{ marginBottom: 16 }}
        />
      ) : !isAdministrator(me) ? (
        <Alert type="info" showIcon title={t("designer.readOnly")} style={{ marginBottom: 16 }} />
      ) : null}
      {regime.data.status === "draft" && !readOnly ? (
        <EditRegime regime={regime.data} onForbidden={setForbidden} />
      ) : (
        <RegimeSummary regime={regime.data} />
      )}
      {regime.data.kind !== "periodic" && regime.data.status === "active" ? (
        <DesignerRequests regime={regime.data} />
      ) : null}
      <DesignerTemplate regime={regime.data} readOnly={readOnly} onForbidden={setForbidden} />
    </>
  );
}

type ActivateProps = { regime: RegimeDetail; onForbidden: (error: ApiError) => void };

/** Puts the regime in force once a template version is published. */
function Activate({ regime, onForbidden }: ActivateProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const activate = useMutation({
    mutationFn: () => activateRegime(regime.id),
    onSuccess: async (next) => {
      queryClient.setQueryData(["regime", regime.id], next);
      await queryClient.invalidateQueries({ queryKey: ["regimes"] });
      void message.success(t("designer.activated"));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 403) onForbidden(error);
      else if (error instanceof ApiError) void message.error(error.detail ?? error.title);
    },
  });
  if (regime.status !== "draft") return null;
  return (
    <Button
      type="primary"
      disabled={regime.templateVersion === null}
      title={regime.templateVersion === null ? t("designer.publishFirst") : undefined}
      loading={activate.isPending}
      onClick={() => activate.mutate()}
    >
      {t("designer.activate")}
    </Button>
  );
}
