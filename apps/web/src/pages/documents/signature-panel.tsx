import { useQuery } from "@tanstack/react-query";
import { Alert, Descriptions, Empty, Flex, Tag, Typography } from "antd";
import {
  fetchValidation,
  type DocumentDetail,
  type SignatureCheck,
  type ValidationItem,
} from "../../api/documents.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { indicationColors, key } from "./labels.ts";

/**
 * Chữ ký số: for a received document, the checks the server made on receipt (the package's XML
 * signature and every PDF signature: who, when, valid or not and why); for our own document, the
 * signing steps of its timeline and the checks of its current file, made when asked.
 */
export function SignaturePanel({ document }: { document: DocumentDetail }) {
  const t = useT();
  return (
    <SectionCard title={t("documents.signatures.title")}>
      {document.direction === "incoming" ? (
        <FileChecks documentId={document.id} fileId={document.mainFileId} />
      ) : (
        <OwnSignatures document={document} />
      )}
    </SectionCard>
  );
}

function FileChecks({ documentId, fileId }: { documentId: string; fileId: string | null }) {
  const t = useT();
  const checks = useQuery({
    queryKey: ["document-validation", documentId, fileId],
    queryFn: () => fetchValidation(documentId),
  });
  if (checks.error) return <ProblemAlert error={checks.error} />;
  if (!checks.data) return null;
  if (checks.data.items.length === 0)
    return <Empty description={t("documents.signatures.noChecks")} />;
  return (
    <Flex vertical gap={16}>
      {checks.data.items.map((item) => (
        <CheckedFile key={`${item.target}-${item.fileId ?? item.name}`} item={item} />
      ))}
    </Flex>
  );
}

function CheckedFile({ item }: { item: ValidationItem }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <section aria-label={item.name}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{item.name}</Typography.Text>
        <Typography.Text type="secondary">
          {t(key("validationTarget", item.target))}
        </Typography.Text>
        <Tag color={indicationColors[item.indication]}>{t(key("indication", item.indication))}</Tag>
      </Flex>
      {item.messages.map((m) => (
        <Alert key={m.en} type="warning" showIcon title={m[language]} style={{ marginBottom: 8 }} />
      ))}
      {item.signatures.length === 0 ? (
        <Typography.Paragraph type="secondary">
          {t("documents.signatures.none")}
        </Typography.Paragraph>
      ) : (
        item.signatures.map((s, i) => <SignatureRow key={i} signature={s} />)
      )}
      <Typography.Text type="secondary">
        {t("documents.signatures.checkedAt", { at: formatDateTime(item.validatedAt, language) })}
      </Typography.Text>
    </section>
  );
}

/** The states a certificate's revocation check ends in (OCSP, CRL). */
const REVOCATION_STATES = new Set(["good", "revoked", "unknown"]);

function SignatureRow({ signature: s }: { signature: SignatureCheck }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      style={{ marginBottom: 8 }}
      items={[
        {
          key: "verdict",
          label: t("documents.signatures.verdict"),
          children: (
            <Flex vertical gap={4}>
              <span>
                <Tag color={indicationColors[s.indication]}>
                  {t(key("indication", s.indication))}
                </Tag>
                {s.summary[language]}
              </span>
              {s.messages.map((m) => (
                <Typography.Text key={m.en} type="secondary">
                  {m[language]}
                </Typography.Text>
              ))}
            </Flex>
          ),
        },
        { key: "signer", label: t("documents.signatures.signer"), children: s.signer ?? "—" },
        {
          key: "time",
          label: t("documents.signatures.time"),
          children: s.signingTime ? formatDateTime(s.signingTime, language) : "—",
        },
        { key: "issuer", label: t("documents.signatures.issuer"), children: s.issuer ?? "—" },
        {
          key: "level",
          label: t("documents.signatures.level"),
          children: `${s.level ?? "—"}${s.timestamped ? ` · ${t("documents.signatures.timestamped")}` : ""}`,
        },
        {
          key: "revocation",
          label: t("documents.signatures.revocation"),
          children: s.revocation
            ? `${REVOCATION_STATES.has(s.revocation.status) ? t(key("revocation", s.revocation.status)) : s.revocation.status}${s.revocation.source ? ` (${s.revocation.source.toUpperCase()})` : ""}`
            : "—",
        },
      ]}
    />
  );
}

/** The leader's and the agency's signatures, as the timeline recorded them. */
function OwnSignatures({ document }: { document: DocumentDetail }) {
  const t = useT();
  const { language } = useLanguage();
  const signings = document.events.filter((e) => e.action === "signed" || e.action === "sealed");
  return (
    <>
      {signings.length === 0 ? (
        <Typography.Paragraph type="secondary">
          {t("documents.signatures.notYet")}
        </Typography.Paragraph>
      ) : (
        <Descriptions
          bordered
          size="small"
          column={1}
          items={signings.map((e) => ({
            key: `${e.action}-${e.at}`,
            label: t(key("signingStep", e.action)),
            children: t("documents.signatures.byAt", {
              who: e.actor,
              at: formatDateTime(e.at, language),
            }),
          }))}
        />
      )}
      {signings.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <FileChecks documentId={document.id} fileId={document.mainFileId} />
        </div>
      )}
    </>
  );
}
