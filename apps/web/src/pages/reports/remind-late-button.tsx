import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button } from "antd";
import { useState } from "react";
import { remindLateUnits, type ReminderOutcome } from "../../api/report-reminders.ts";
import { fetchRegime, type ExpectedReport } from "../../api/reports.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { hasRole } from "../../auth/session.ts";
import { useT } from "../../i18n/index.tsx";
import { TextModal } from "../documents/text-modal.tsx";

/** Today in Vietnam (YYYY-MM-DD), the day deadlines are judged on. */
const vietnamToday = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date());

/** Units whose report of the period is past its deadline and not (again) submitted. */
export const lateUnits = (schedule: ExpectedReport[]) =>
  schedule.filter(
    (item) =>
      item.status === "late" || (item.status === "returned" && item.deadline < vietnamToday()),
  );

/**
 * "Nhắc tất cả đơn vị chậm nộp": for the receiving organization's reviewers, asks for an optional
 * message (the dialog is the confirmation), reminds the officers of every late unit and says how
 * many were reminded. The server decides who may; a refusal shows as it words it.
 */
export function RemindLateButton(props: {
  regimeId: string;
  periodId: string;
  schedule: ExpectedReport[];
}) {
  const t = useT();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<ReminderOutcome | null>(null);
  const regime = useQuery({
    queryKey: ["regime", props.regimeId],
    queryFn: () => fetchRegime(props.regimeId),
  });
  const remind = useMutation({
    mutationFn: (message: string | undefined) =>
      remindLateUnits(props.regimeId, props.periodId, message),
    onSuccess: (result) => {
      setOutcome(result);
      setAsking(false);
      void queryClient.invalidateQueries({ queryKey: ["report-reminders"] });
    },
  });
  const reviewer =
    hasRole(me, "system_admin") ||
    (me.organization.id === regime.data?.receivingOrganization.id &&
      hasRole(me, "leader", "reporting_officer", "org_admin"));
  if (!reviewer) return null;
  const late = lateUnits(props.schedule).length;
  return (
    <>
      <Button
        danger
        style={{ marginBottom: 16 }}
        disabled={late === 0}
        onClick={() => {
          setOutcome(null);
          remind.reset();
          setAsking(true);
        }}
      >
        {`${t("reports.reminders.remindLate")} (${late})`}
      </Button>
      {outcome ? (
        <Alert
          role="status"
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("reports.reminders.result", {
            units: outcome.units,
            people: outcome.people,
            mails: outcome.mails,
          })}
          description={
            outcome.unitsWithoutOfficers.length > 0
              ? t("reports.reminders.withoutOfficers", {
                  units: outcome.unitsWithoutOfficers.map((u) => u.name).join(", "),
                })
              : undefined
          }
        />
      ) : null}
      <TextModal
        open={asking}
        title={t("reports.reminders.confirmTitle", { count: late, period: props.periodId })}
        label={t("reports.reminders.messageLabel")}
        okText={t("reports.reminders.send")}
        required={false}
        pending={remind.isPending}
        error={asking ? remind.error : null}
        onSubmit={(message) => remind.mutate(message)}
        onCancel={() => setAsking(false)}
      />
    </>
  );
}
