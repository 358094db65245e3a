import { UploadOutlined } from "@ant-design/icons";
import { Button, Form, Input, Modal, Typography, Upload } from "antd";
import { useState } from "react";
import type { DocumentSummary, SignInput } from "../../api/documents.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

type SignValues = { name: string; position?: string; competence?: string; note?: string };

type SignModalProps = {
  open: boolean;
  document: DocumentSummary;
  pending: boolean;
  error: unknown;
  onSubmit: (input: SignInput) => void;
  onCancel: () => void;
};

/** The PNG's bytes as base64, as the sign request carries them. */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("unreadable file"));
    reader.readAsDataURL(file);
  });
}

const optional = (value: string | undefined) => value?.trim() || undefined;

/**
 * The leader approves and signs (PAdES, timestamped): the name and position printed with the
 * signature, and optionally the handwritten signature's image shown on the last page.
 */
export function SignModal(props: SignModalProps) {
  const t = useT();
  const me = useCurrentUser();
  const [form] = Form.useForm<SignValues>();
  const [image, setImage] = useState<File>();

  const submit = async (v: SignValues) => {
    props.onSubmit({
      signer: {
        name: v.name.trim(),
        position: optional(v.position),
        competence: optional(v.competence),
      },
      note: optional(v.note),
      signatureImage: image ? await readBase64(image) : undefined,
    });
  };

  return (
    <Modal
      open={props.open}
      title={t("documents.sign.title")}
      okText={t("documents.action.sign")}
      cancelText={t("common.cancel")}
      okButtonProps={{ loading: props.pending }}
      onOk={() => form.submit()}
      onCancel={props.onCancel}
      afterClose={() => {
        form.resetFields();
        setImage(undefined);
      }}
      destroyOnHidden
    >
      <ProblemAlert error={props.error} />
      <Typography.Paragraph type="secondary">{t("documents.sign.intro")}</Typography.Paragraph>
      <Form<SignValues>
        form={form}
        layout="vertical"
        initialValues={{
          name: props.document.signer.name ?? me.displayName,
          position: props.document.signer.position ?? undefined,
          competence: props.document.signer.competence ?? undefined,
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="name"
          label={t("documents.signerName")}
          rules={[{ required: true, whitespace: true, message: t("common.required") }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="position" label={t("documents.signerPosition")}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="competence"
          label={t("documents.sign.competence")}
          extra={t("documents.sign.competenceHint")}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t("documents.sign.image")} extra={t("documents.sign.imageHint")}>
          <Upload
            accept="image/png"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              setImage(chosen);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t("documents.sign.chooseImage")}</Button>
          </Upload>
          {image ? (
            <Typography.Text style={{ marginInlineStart: 12 }}>{image.name}</Typography.Text>
          ) : null}
        </Form.Item>
        <Form.Item name="note" label={t("documents.note")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
