import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Space } from "antd";
import { useState } from "react";
import { fetchRegime, reviewReport, submitReport, type ReportView } from "../../api/reports.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { useT } from "../../i18n/index.tsx";
import { TextModal } from "../documents/text-modal.tsx";
import { ProblemList } from "./problem-list.tsx";

const EDITABLE = new Set(["draft", "returned"]);

/**
 * Submitting (the reporting unit) and reviewing (the receiving organization). Buttons follow the
 * person's organization and roles; the server decides, and a refusal is shown as it words it.
 */
export function ReportActions({ report }: { report: ReportView }) {
  const t = useT();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState(false);
  const regime = useQuery({
    queryKey: ["regime", report.regime.id],
    queryFn: () => fetchRegime(report.regime.id),
  });
  const adopt = (view: ReportView) => queryClient.setQueryData(["report", report.id], view);
  const submit = useMutation({ mutationFn: () => submitReport(report.id), onSuccess: adopt });
  const review = useMutation({
    mutationFn: (body: { decision: "accept" | "return"; note?: string }) =>
      reviewReport(report.id, body),
    onSuccess: (view) => {
      adopt(view);
      setReturning(false);
    },
  });

  const reviewer =
    hasRole(me, "system_admin") ||
    (me.organization.id === regime.data?.receivingOrganization.id &&
      hasRole(me, "leader", "reporting_officer", "org_admin"));
  const canSubmit =
    EDITABLE.has(report.status) &&
    (me.organization.id === report.organization.id || hasRole(me, "system_admin", "org_admin"));
  const canReview = report.status === "submitted" && reviewer;
  if (!canSubmit && !canReview) return null;
  return (
    <>
      <ProblemList error={submit.error ?? (returning ? null : review.error)} />
      <Space wrap style={{ marginBottom: 16 }}>
        {canSubmit ? (
          <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()}>
            {t("reports.submit")}
          </Button>
        ) : null}
        {canReview ? (
          <>
            <Button
              type="primary"
              loading={review.isPending && review.variables?.decision === "accept"}
              onClick={() => review.mutate({ decision: "accept" })}
            >
              {t("reports.accept")}
            </Button>
            <Button danger onClick={() => setReturning(true)}>
              {t("reports.return")}
            </Button>
          </>
        ) : null}
      </Space>
      <TextModal
        open={returning}
        title={t("reports.returnTitle")}
        label={t("reports.returnReason")}
        okText={t("reports.return")}
        required
        danger
        pending={review.isPending}
        error={returning ? review.error : null}
        onSubmit={(note) => review.mutate({ decision: "return", note })}
        onCancel={() => setReturning(false)}
      />
    </>
  );
}
