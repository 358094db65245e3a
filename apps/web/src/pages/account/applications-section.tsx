import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, List, Popconfirm, Typography } from "antd";
import { listApplications, revokeApplication } from "../../api/account.ts";
import type { GrantedApplication } from "../../api/types.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { scopeLabel } from "../../components/scope-labels.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

const APPLICATIONS_KEY = ["account", "applications"] as const;

/** Applications this person let sign them in or act for them; revoking one ends its tokens. */
export function ApplicationsSection() {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const applications = useQuery({ queryKey: APPLICATIONS_KEY, queryFn: listApplications });
  const revoke = useMutation({
    mutationFn: (application: GrantedApplication) => revokeApplication(application.clientId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: APPLICATIONS_KEY });
      void message.success(t("account.applicationRevoked"));
    },
    onError: reportProblem,
  });
  return (
    <SectionCard title={t("account.applications")}>
      <ProblemAlert error={applications.error} />
      <List<GrantedApplication>
        loading={applications.isPending}
        dataSource={applications.data?.items ?? []}
        locale={{ emptyText: t("account.noApplications") }}
        renderItem={(application) => (
          <List.Item
            actions={[
              <Popconfirm
                key="revoke"
                title={t("account.revokeConfirm", { name: application.name })}
                okText={t("account.revoke")}
                cancelText={t("common.cancel")}
                okButtonProps={{ danger: true }}
                onConfirm={() => revoke.mutate(application)}
              >
                <Button
                  type="link"
                  danger
                  aria-label={t("account.revokeNamed", { name: application.name })}
                >
                  {t("account.revoke")}
                </Button>
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={application.name}
              description={
                <>
                  <Typography.Text>
                    {application.scopes.map((scope) => scopeLabel(scope, t)).join("; ")}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {t("account.grantedAt", {
                      at: formatDateTime(application.grantedAt, language),
                    })}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </SectionCard>
  );
}
