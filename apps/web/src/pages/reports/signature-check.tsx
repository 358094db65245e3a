import { DownloadOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Space } from "antd";
import { checkSignature, signatureFileUrl } from "../../api/reports.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";

/**
 * Checks a submission's signature on demand (the latest unless `version` is named): the JWS, the
 * certificate under the platform's CA at the signing time, and — for the latest submission — the
 * values stored now against those signed. The JWS itself can be downloaded to check elsewhere.
 */
export function SignatureCheck({
  reportId,
  version,
  compact = false,
}: {
  reportId: string;
  version?: number;
  compact?: boolean;
}) {
  const t = useT();
  const { language } = useLanguage();
  const check = useMutation({ mutationFn: () => checkSignature(reportId, version) });
  const result = check.data;
  const fileVersion = result?.version ?? version;
  const stored =
    result?.matchesStored === true
      ? t("reports.matchesStoredYes")
      : result?.matchesStored === false
        ? t("reports.matchesStoredNo")
        : t("reports.matchesStoredNotCompared");
  return (
    <>
      <Space wrap>
        <Button
          size={compact ? "small" : "middle"}
          loading={check.isPending}
          onClick={() => check.mutate()}
        >
          {version === undefined ? t("reports.checkSignature") : t("reports.checkThisSignature")}
        </Button>
        {fileVersion !== undefined ? (
          <Button
            size={compact ? "small" : "middle"}
            icon={<DownloadOutlined />}
            href={signatureFileUrl(reportId, fileVersion)}
          >
            {t("reports.signatureFile")}
          </Button>
        ) : null}
      </Space>
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
                  key: "trusted",
                  label: t("reports.signatureTrusted"),
                  children: result.trusted
                    ? t("reports.signatureTrustedYes")
                    : t("reports.signatureTrustedNo"),
                },
                {
                  key: "signedAt",
                  label: t("reports.signedAt"),
                  children: formatDateTime(result.signedAt, language),
                },
                {
                  key: "validTo",
                  label: t("reports.certificateValidTo"),
                  children: formatDateTime(result.signer?.validTo, language),
                },
                { key: "stored", label: t("reports.matchesStored"), children: stored },
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
