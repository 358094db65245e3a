import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Form } from "antd";
import { ApiError } from "../../api/client.ts";
import { updateRegime, type RegimeDetail } from "../../api/report-designer.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { problemsOf } from "./designer-problems.ts";
import { RegimeForm } from "./designer-regime-form.tsx";
import {
  regimeFormValues,
  showRegimeProblems,
  toRegimeInput,
  type RegimeFormValues,
} from "./designer-regime-values.ts";
import { ProblemList } from "./problem-list.tsx";

type EditRegimeProps = { regime: RegimeDetail; onForbidden: (error: ApiError) => void };

/** A regime being designed: its fields stay editable until it is put in force. */
export function EditRegime({ regime, onForbidden }: EditRegimeProps) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RegimeFormValues>();
  const update = useMutation({
    mutationFn: (values: RegimeFormValues) => updateRegime(regime.id, toRegimeInput(values)),
    onSuccess: async (next) => {
      queryClient.setQueryData(["regime", regime.id], next);
      await queryClient.invalidateQueries({ queryKey: ["regimes"] });
      void message.success(t("designer.regimeSaved"));
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 403) onForbidden(error);
      showRegimeProblems(form, problemsOf(error));
    },
  });
  return (
    <SectionCard title={t("designer.regimeFields")}>
      <ProblemList error={update.error} />
      <RegimeForm
        key={regime.updatedAt}
        form={form}
        initialValues={regimeFormValues(regime)}
        receiving={regime.receivingOrganization}
        disabled={false}
        pending={update.isPending}
        submitLabel={t("designer.saveRegime")}
        onSubmit={(values) => update.mutate(values)}
      />
    </SectionCard>
  );
}
