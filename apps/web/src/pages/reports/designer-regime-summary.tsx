import { useQuery } from "@tanstack/react-query";
import { Descriptions } from "antd";
import { fetchOrganizationTree } from "../../api/directory.ts";
import type { RegimeDetail } from "../../api/report-designer.ts";
import { formatDate } from "../../components/format.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT, type MessageKey } from "../../i18n/index.tsx";

/** A saved regime's fields (they are set when it is created). */
export function RegimeSummary({ regime }: { regime: RegimeDetail }) {
  const t = useT();
  const { language } = useLanguage();
  const rule = regime.reportingRule;
  const tree = useQuery({
    queryKey: ["organizations", "tree"],
    queryFn: fetchOrganizationTree,
    enabled: rule.kind === "organizations",
  });
  const names = new Map((tree.data?.items ?? []).map((o) => [o.id, o.name]));
  const deadline = regime.deadlineRule;
  return (
    <SectionCard title={t("designer.regimeFields")}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "code", label: t("designer.regimeCode"), children: regime.code },
          { key: "legal", label: t("designer.legalBasis"), children: regime.legalBasis },
          {
            key: "kind",
            label: t("designer.regimeKind"),
            children: t(`designer.regimeKind.${regime.kind}`),
          },
          {
            key: "frequency",
            label: t("designer.frequency"),
            children: t(`designer.frequency.${regime.frequency}`),
          },
          {
            key: "window",
            label: t("designer.windowRule"),
            children: t(`designer.windowRule.${regime.windowRule}`),
          },
          {
            key: "deadline",
            label: t("designer.deadline"),
            children:
              deadline.kind === "day_of_month"
                ? t("designer.deadlineDayOfMonth", {
                    day: deadline.day,
                    months: deadline.monthsAfterEnd,
                  })
                : t("designer.deadlineWorkingDays", { days: deadline.days }),
          },
          {
            key: "reporting",
            label: t("designer.reporting"),
            children:
              rule.kind === "organizations"
                ? rule.organizationIds.map((id) => names.get(id) ?? id).join("; ")
                : `${t(`organizationKind.${rule.organizationKind}` as MessageKey)}${rule.shortName ? ` — ${rule.shortName}` : ""}`,
          },
          {
            key: "receiving",
            label: t("designer.receivingOrganization"),
            children: regime.receivingOrganization.name,
          },
          {
            key: "effective",
            label: t("designer.effective"),
            children: `${formatDate(regime.effectiveFrom, language)} – ${regime.effectiveTo ? formatDate(regime.effectiveTo, language) : "…"}`,
          },
          {
            key: "reminders",
            label: t("designer.reminderDays"),
            children:
              regime.reminderDays === 0
                ? t("designer.reminderDaysNone")
                : t("designer.reminderDaysValue", { days: regime.reminderDays }),
          },
        ]}
      />
    </SectionCard>
  );
}
