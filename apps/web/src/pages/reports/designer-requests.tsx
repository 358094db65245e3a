import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Table, Typography } from "antd";
import { fetchOrganizationTree } from "../../api/directory.ts";
import {
  listReportRequests,
  type RegimeDetail,
  type ReportingRule,
  type ReportRequest,
} from "../../api/report-designer.ts";
import type { OrganizationTreeItem } from "../../api/types.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole, isAdministrator } from "../../auth/session.ts";
import { formatDate } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { RequestForm } from "./designer-request-form.tsx";

/**
 * Yêu cầu báo cáo of a thematic or ad-hoc regime in force: such a regime has no periods of its
 * frequency, so each report is asked for by a request with its own code, data window and
 * deadline. Everyone reads the list; the receiving organization's leaders, reporting officers and
 * administrators also get the form (the server decides, and words any refusal).
 */
export function DesignerRequests({ regime }: { regime: RegimeDetail }) {
  const t = useT();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const requests = useQuery({
    queryKey: ["regime-requests", regime.id],
    queryFn: () => listReportRequests(regime.id),
  });
  const tree = useQuery({ queryKey: ["organizations", "tree"], queryFn: fetchOrganizationTree });
  const organizations = tree.data?.items ?? [];
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  // Administrators of an organization above the receiving one may request too: like the rest of
  // the designer, every administrator gets the form and the server refuses the others with 403.
  const mayRequest =
    isAdministrator(me) ||
    (me.organization.id === regime.receivingOrganization.id &&
      hasRole(me, "leader", "reporting_officer"));
  // A new request adds expected reports to the schedule and to the units' own lists.
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["regime-requests", regime.id] }),
      queryClient.invalidateQueries({ queryKey: ["schedule", regime.id] }),
      queryClient.invalidateQueries({ queryKey: ["reports", "mine"] }),
    ]);
  return (
    <SectionCard title={t("designer.requests")}>
      <Typography.Paragraph type="secondary">{t("designer.requestsHelp")}</Typography.Paragraph>
      {requests.error ? (
        <ProblemAlert error={requests.error} />
      ) : (
        <RequestTable requests={requests.data} names={names} />
      )}
      {mayRequest ? (
        <RequestForm
          regimeId={regime.id}
          units={reportingUnits(organizations, regime.reportingRule)}
          onCreated={refresh}
        />
      ) : null}
    </SectionCard>
  );
}

/** The regime's reporting units among the active organizations, as the server counts them. */
function reportingUnits(
  organizations: OrganizationTreeItem[],
  rule: ReportingRule,
): OrganizationTreeItem[] {
  const matches =
    rule.kind === "organizations"
      ? organizations.filter((o) => rule.organizationIds.includes(o.id))
      : organizations.filter(
          (o) =>
            o.kind === rule.organizationKind &&
            (rule.shortName === undefined || o.shortName === rule.shortName),
        );
  return [...matches].sort((a, b) => a.code.localeCompare(b.code));
}

type RequestTableProps = {
  requests: ReportRequest[] | undefined;
  names: Map<string, string>;
};

function RequestTable({ requests, names }: RequestTableProps) {
  const t = useT();
  const { language } = useLanguage();
  const date = (iso: string) => formatDate(iso, language);
  return (
    <Table<ReportRequest>
      size="small"
      rowKey="code"
      pagination={false}
      loading={requests === undefined}
      dataSource={requests ?? []}
      locale={{ emptyText: t("designer.noRequests") }}
      columns={[
        { title: t("designer.request.code"), dataIndex: "code" },
        {
          title: t("designer.request.title"),
          render: (_, r) => (
            <>
              {r.title}
              {r.note ? (
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12 }}>
                  {r.note}
                </Typography.Paragraph>
              ) : null}
            </>
          ),
        },
        {
          title: t("designer.request.window"),
          render: (_, r) => `${date(r.start)} – ${date(r.end)}`,
        },
        { title: t("designer.request.deadline"), render: (_, r) => date(r.deadline) },
        {
          title: t("designer.request.units"),
          render: (_, r) => <RequestUnits ids={r.organizationIds} names={names} />,
        },
      ]}
    />
  );
}

/** "Tất cả đơn vị", or how many units were asked, their names on hover and when expanded. */
function RequestUnits({ ids, names }: { ids: string[] | null; names: Map<string, string> }) {
  const t = useT();
  if (ids === null) return t("designer.request.allUnits");
  const listed = ids.map((id) => names.get(id) ?? id);
  return (
    <details>
      <summary title={listed.join("; ")} style={{ cursor: "pointer" }}>
        {t("designer.request.unitCount", { count: ids.length })}
      </summary>
      <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
        {listed.map((name, i) => (
          <li key={ids[i]}>{name}</li>
        ))}
      </ul>
    </details>
  );
}
