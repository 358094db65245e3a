import {
  ArrowLeftOutlined,
  CopyOutlined,
  DownloadOutlined,
  InboxOutlined,
} from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Flex,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type TableColumnsType,
} from "antd";
import { useState, type ReactNode } from "react";
import { ApiError } from "../../api/client.ts";
import type { Role, User } from "../../api/types.ts";
import { useSession } from "../../auth/session.ts";
import { formatDateTime } from "../../components/format.ts";
import { LinkButton } from "../../components/link-button.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT, type Language } from "../../i18n/index.tsx";
import { useRoles } from "./use-roles.ts";

const BASE = "/api/v1/identity/user-imports";
const TYPES: Record<string, string> = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

type Column = "username" | "displayName" | "email" | "organizationCode" | "roles";
type RowProblem = { row: number; column: Column; code: string; message: Record<Language, string> };
type PreviewRow = {
  row: number;
  username: string;
  displayName: string;
  email: string | null;
  organizationCode: string;
  organization: { id: string; code: string; name: string } | null;
  roles: Role[];
  errors: RowProblem[];
};
type Preview = { rowCount: number; errorCount: number; rows: PreviewRow[] };
type Created = {
  row: number;
  user: User;
  link: { url: string; expiresAt: string; mailQueuedTo: string | null };
};
type ImportResult = { importId: string; created: Created[] };
type PickedFile = { name: string; type: string; bytes: ArrayBuffer };

/** A 422 from the import carries the same per-row problems as the preview. */
class ImportRefused extends ApiError {
  constructor(
    init: ConstructorParameters<typeof ApiError>[0],
    readonly rowErrors: RowProblem[],
  ) {
    super(init);
  }
}

/** The file is the raw request body with its own content type (no multipart form). */
async function sendFile<T>(path: string, file: PickedFile, csrf: string, language: string) {
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        accept: "application/json",
        "accept-language": language,
        "content-type": file.type,
        "x-csrf-token": csrf,
      },
      body: file.bytes,
    });
  } catch {
    throw new ApiError({ status: 0, code: "network_error", title: "" });
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return body as T;
  const init = {
    status: response.status,
    code: String(body.code ?? "http_error"),
    title: String(body.title ?? ""),
    detail: typeof body.detail === "string" ? body.detail : undefined,
    requestId: typeof body.requestId === "string" ? body.requestId : undefined,
  };
  if (Array.isArray(body.rowErrors)) throw new ImportRefused(init, body.rowErrors as RowProblem[]);
  throw new ApiError(init);
}

/**
 * Issues accounts to staff of other agencies from an Excel or CSV file: upload, check every row,
 * then create all accounts at once and hand out each person's one-time set-password link.
 */
export default function UserImportPage() {
  const t = useT();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const roles = useRoles();
  const csrf = useSession().data?.csrfToken ?? "";
  const [file, setFile] = useState<PickedFile | null>(null);

  const preview = useMutation({
    mutationFn: (picked: PickedFile) =>
      sendFile<Preview>(`${BASE}/preview`, picked, csrf, language),
  });
  const create = useMutation({
    mutationFn: (picked: PickedFile) => sendFile<ImportResult>(BASE, picked, csrf, language),
  });

  const pick = async (chosen: File) => {
    const extension = chosen.name.split(".").pop()?.toLowerCase() ?? "";
    const type = TYPES[extension];
    if (!type) {
      void message.error(t("onboarding.unsupportedFile"));
      return;
    }
    const picked = { name: chosen.name, type, bytes: await chosen.arrayBuffer() };
    setFile(picked);
    create.reset();
    preview.mutate(picked);
  };
  const startOver = () => {
    setFile(null);
    preview.reset();
    create.reset();
  };

  const copy = async (text: string) => {
    await navigator.clipboard.writeText(text);
    void message.success(t("onboarding.copied"));
  };

  const refused = create.error instanceof ImportRefused ? create.error.rowErrors : null;
  const rows = (preview.data?.rows ?? []).map((row) =>
    refused ? { ...row, errors: refused.filter((e) => e.row === row.row) } : row,
  );
  const problems = rows.reduce((n, row) => n + row.errors.length, 0);
  const badRows = rows.filter((row) => row.errors.length > 0).length;

  const cell = (column: Column, render: (row: PreviewRow) => ReactNode) => (row: PreviewRow) => {
    const errors = row.errors.filter((e) => e.column === column);
    if (errors.length === 0) return render(row);
    return (
      <div style={{ background: "#fff1f0", padding: "2px 6px", borderRadius: 4 }}>
        <div>{render(row) || "—"}</div>
        {errors.map((e) => (
          <Typography.Text key={e.code} type="danger" style={{ display: "block", fontSize: 12 }}>
            {e.message[language]}
          </Typography.Text>
        ))}
      </div>
    );
  };

  const previewColumns: TableColumnsType<PreviewRow> = [
    { title: t("onboarding.row"), dataIndex: "row", width: 70 },
    { title: t("user.username"), key: "username", render: cell("username", (r) => r.username) },
    {
      title: t("user.displayName"),
      key: "displayName",
      render: cell("displayName", (r) => r.displayName),
    },
    { title: t("user.email"), key: "email", render: cell("email", (r) => r.email ?? "") },
    {
      title: t("user.organization"),
      key: "organization",
      render: cell("organizationCode", (r) =>
        r.organization ? `${r.organization.name} (${r.organization.code})` : r.organizationCode,
      ),
    },
    {
      title: t("user.roles"),
      key: "roles",
      render: cell("roles", (r) =>
        r.roles.map((role) => <Tag key={role}>{roles.label(role)}</Tag>),
      ),
    },
  ];

  const createdColumns: TableColumnsType<Created> = [
    { title: t("onboarding.row"), dataIndex: "row", width: 70 },
    { title: t("user.username"), key: "username", render: (_, c) => c.user.username },
    { title: t("user.displayName"), key: "displayName", render: (_, c) => c.user.displayName },
    {
      title: t("user.organization"),
      key: "organization",
      render: (_, c) => c.user.organization.name,
    },
    {
      title: t("onboarding.link"),
      key: "link",
      render: (_, c) => (
        <Space direction="vertical" size={2}>
          <Typography.Text
            code
            copyable={{
              text: c.link.url,
              tooltips: [t("onboarding.copy"), t("onboarding.copied")],
            }}
            style={{ wordBreak: "break-all" }}
          >
            {c.link.url}
          </Typography.Text>
          {c.link.mailQueuedTo ? (
            <Tag color="blue">{t("onboarding.mailed", { email: c.link.mailQueuedTo })}</Tag>
          ) : null}
        </Space>
      ),
    },
  ];

  const header = (
    <PageHeader
      title={t("onboarding.title")}
      extra={
        <LinkButton icon={<ArrowLeftOutlined />} to="/identity/users">
          {t("users.title")}
        </LinkButton>
      }
    />
  );

  if (create.data) {
    const created = create.data.created;
    const allLinks = created.map((c) => `${c.user.username}\t${c.link.url}`).join("\n");
    return (
      <>
        {header}
        <Alert
          role="status"
          type="success"
          showIcon
          title={t("onboarding.createdTitle", { count: created.length })}
          description={t("onboarding.createdHint", {
            expires: formatDateTime(created[0]?.link.expiresAt, language),
          })}
          style={{ marginBottom: 16 }}
        />
        <Flex gap={8} style={{ marginBottom: 16 }}>
          <Button icon={<CopyOutlined />} onClick={() => void copy(allLinks)}>
            {t("onboarding.copyAll")}
          </Button>
          <Button onClick={startOver}>{t("onboarding.importAnother")}</Button>
        </Flex>
        <Table<Created>
          rowKey={(c) => c.user.id}
          columns={createdColumns}
          dataSource={created}
          pagination={created.length > 100 ? { pageSize: 100 } : false}
          size="middle"
        />
      </>
    );
  }

  return (
    <>
      {header}
      <Typography.Paragraph>{t("onboarding.intro")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text>{t("onboarding.templates")}</Typography.Text>
        <Button icon={<DownloadOutlined />} href={`${BASE}/template.xlsx`}>
          {t("onboarding.templateXlsx")}
        </Button>
        <Button icon={<DownloadOutlined />} href={`${BASE}/template.csv`}>
          {t("onboarding.templateCsv")}
        </Button>
      </Space>
      {file ? null : (
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          beforeUpload={(chosen) => {
            void pick(chosen);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t("onboarding.upload")}</p>
          <p className="ant-upload-hint">{t("onboarding.uploadHint")}</p>
        </Upload.Dragger>
      )}
      {file ? (
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t("onboarding.file", { name: file.name })}</Typography.Text>
          <Space>
            <Button onClick={startOver} disabled={create.isPending}>
              {t("onboarding.chooseAnother")}
            </Button>
            <Button
              type="primary"
              disabled={!preview.data || problems > 0 || rows.length === 0}
              loading={create.isPending}
              onClick={() => create.mutate(file)}
            >
              {t("onboarding.confirm", { rows: rows.length })}
            </Button>
          </Space>
        </Flex>
      ) : null}
      <ProblemAlert error={preview.error} />
      {create.error && !refused ? <ProblemAlert error={create.error} /> : null}
      {preview.data ? (
        <Alert
          role="status"
          type={problems > 0 ? "error" : "success"}
          showIcon
          title={
            problems > 0
              ? t("onboarding.summaryErrors", { errors: problems, rows: badRows })
              : t("onboarding.summaryOk", { rows: rows.length })
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {file ? (
        <Table<PreviewRow>
          rowKey="row"
          columns={previewColumns}
          dataSource={rows}
          loading={{
            spinning: preview.isPending || create.isPending,
            tip: create.isPending ? t("onboarding.creating") : t("onboarding.checking"),
          }}
          pagination={rows.length > 100 ? { pageSize: 100 } : false}
          size="middle"
          scroll={{ x: 1100 }}
        />
      ) : null}
    </>
  );
}
