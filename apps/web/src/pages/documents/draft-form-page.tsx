import { UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Form, Input, Row, Select, Typography, Upload } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import {
  CONFIDENTIALITIES,
  createDraft,
  DOCUMENT_TYPES,
  uploadDraftFile,
  URGENCIES,
  type Confidentiality,
  type DraftInput,
  type Urgency,
} from "../../api/documents.ts";
import { useSession } from "../../auth/session.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert, useReportProblem } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { key } from "./labels.ts";

type DraftValues = {
  typeCode: string;
  subject: string;
  summary?: string;
  urgency: Urgency;
  confidentiality: Confidentiality;
  draftingUnit?: string;
  dueDate?: string;
  signerName?: string;
  signerPosition?: string;
};

const optional = (value: string | undefined) => value?.trim() || undefined;

function toInput(v: DraftValues): DraftInput {
  const signerName = optional(v.signerName);
  const signerPosition = optional(v.signerPosition);
  return {
    typeCode: v.typeCode,
    subject: v.subject.trim(),
    summary: optional(v.summary),
    urgency: v.urgency,
    confidentiality: v.confidentiality,
    draftingUnit: optional(v.draftingUnit),
    dueDate: optional(v.dueDate),
    signer:
      signerName || signerPosition ? { name: signerName, position: signerPosition } : undefined,
  };
}

/**
 * Soạn văn bản: the draft's particulars, then its PDF or DOCX; both go to the server in turn and
 * the new document's page opens. A secret document is registered without a file (the paper copy
 * is handled outside the system).
 */
export default function DraftFormPage() {
  const t = useT();
  const { language } = useLanguage();
  const csrf = useSession().data?.csrfToken ?? "";
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const reportProblem = useReportProblem();
  const [form] = Form.useForm<DraftValues>();
  const [file, setFile] = useState<File>();
  const secret = Form.useWatch("confidentiality", form) !== "none";

  const save = useMutation({
    mutationFn: async (values: DraftValues) => {
      const created = await createDraft(toInput(values));
      // A refused file leaves the draft; its page offers the upload again.
      if (file && values.confidentiality === "none")
        await uploadDraftFile(created.id, file, { csrf, language }).catch(reportProblem);
      return created;
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ["documents"] });
      void navigate(`/documents/${created.id}`);
    },
  });

  return (
    <>
      <PageHeader title={t("documents.new.title")} />
      <Card>
        <ProblemAlert error={save.error} />
        <Form<DraftValues>
          form={form}
          layout="vertical"
          initialValues={{ typeCode: "CV", urgency: "normal", confidentiality: "none" }}
          onFinish={(values) => save.mutate(values)}
          style={{ maxWidth: 880 }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="typeCode" label={t("documents.type")} htmlFor="draft-type">
                <Select
                  id="draft-type"
                  showSearch={{ optionFilterProp: "label" }}
                  options={DOCUMENT_TYPES.map((c) => ({
                    value: c,
                    label: t(key("documentType", c)),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="urgency" label={t("documents.urgency")} htmlFor="draft-urgency">
                <Select
                  id="draft-urgency"
                  options={URGENCIES.map((u) => ({ value: u, label: t(key("urgency", u)) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="confidentiality"
                label={t("documents.confidentiality")}
                htmlFor="draft-confidentiality"
              >
                <Select
                  id="draft-confidentiality"
                  options={CONFIDENTIALITIES.map((c) => ({
                    value: c,
                    label: t(key("confidentiality", c)),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="subject"
            label={t("documents.subject")}
            rules={[{ required: true, whitespace: true, message: t("common.required") }]}
          >
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
          <Form.Item name="summary" label={t("documents.summary")}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="draftingUnit"
                label={t("documents.draftingUnit")}
                extra={t("documents.draftingUnitHint")}
                rules={[
                  { pattern: /^[\p{Lu}\p{N}]{1,12}$/u, message: t("documents.draftingUnitHint") },
                ]}
              >
                <Input maxLength={12} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="dueDate" label={t("documents.dueDate")}>
                <Input type="date" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="signerName" label={t("documents.signerName")}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="signerPosition" label={t("documents.signerPosition")}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          {secret ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t("documents.new.secretNoFile")}
            />
          ) : (
            <Form.Item label={t("documents.new.file")} extra={t("documents.new.fileHint")}>
              <Upload
                accept=".pdf,.docx,application/pdf"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(chosen) => {
                  setFile(chosen);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{t("documents.new.chooseFile")}</Button>
              </Upload>
              {file ? (
                <Typography.Text style={{ marginInlineStart: 12 }}>{file.name}</Typography.Text>
              ) : null}
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t("documents.new.save")}
          </Button>
        </Form>
      </Card>
    </>
  );
}
