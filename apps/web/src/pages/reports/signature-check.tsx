import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Descriptions } from "antd";
import { checkSignature } from "../../api/reports.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

/** Checks the latest submission's signature against the values stored now, on demand. */
export function SignatureCheck({ reportId }: { reportId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const check = useMutation({ mutationFn: () => checkSignature(reportId) });
  const result = check.data;
  return (
    <>
      <Button loading={check.isPending} onClick={() => check.mutate()}>
        {t("reports.checkSignature")}
      </Button>
      <ProblemAlert error={check.error} />
      {result ? (
        <Alert
          style={{ marginTop: 12 }}
          type={result.valid ? "success" : "error"}
          showIcon
          title={result.valid ? t("reports.signatureValid") : t("reports.signatureInvalid")}
          description={
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: "version", label: t("reports.version"), children: result.version },
                {
                  key: "signer",
                  label: t("reports.signer"),
                  children: result.signer?.subject ?? "—",
                },
                {
                  key: "validTo",
                  label: t("reports.certificateValidTo"),
                  children: formatDateTime(result.signer?.validTo, language),
                },
                {
                  key: "digest",
                  label: t("reports.digest"),
                  children: result.payloadSha256 ?? "—",
                },
                ...(result.problem
                  ? [
                      {
                        key: "problem",
                        label: t("reports.signatureProblem"),
                        children: result.problem,
                      },
                    ]
                  : []),
              ]}
            />
          }
        />
      ) : null}
    </>
  );
}
