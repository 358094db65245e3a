import { Flex, Form, Input, Typography } from "antd";
import { useId } from "react";
import type { TotpEnrolment } from "../api/types.ts";
import { useT } from "../i18n/index.tsx";

/** Groups of four characters are easier to type into a phone than 32 in a row. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, "$1 ");

/**
 * The new authenticator secret as a QR code and as text to type by hand. The server draws the QR
 * code as SVG; it is shown through an `<img>` data URL, so its markup is never put in the page.
 */
export function AuthenticatorSecret({ enrolment }: { enrolment: TotpEnrolment }) {
  const t = useT();
  const id = useId();
  const qr = `data:image/svg+xml;utf8,${encodeURIComponent(enrolment.qrSvg)}`;
  return (
    <>
      <Typography.Paragraph>{t("totp.install")}</Typography.Paragraph>
      <Flex gap={24} wrap align="center" style={{ marginBottom: 16 }}>
        <img
          src={qr}
          width={176}
          height={176}
          alt={t("totp.qrAlt")}
          style={{ border: "1px solid #f0f0f0", background: "#fff" }}
        />
        <Flex vertical gap={4} style={{ flex: "1 1 200px", minWidth: 0 }}>
          <label htmlFor={id}>{t("totp.manualSecret")}</label>
          <Input.TextArea
            id={id}
            readOnly
            autoSize
            value={grouped(enrolment.secret)}
            aria-describedby={`${id}-hint`}
            style={{ fontFamily: "monospace", fontSize: 15 }}
          />
          <Typography.Text
            copyable={{
              text: enrolment.secret,
              icon: [
                <span key="copy">{t("totp.copySecret")}</span>,
                <span key="copied">{t("common.copied")}</span>,
              ],
              tooltips: false,
            }}
          />
          <Typography.Text type="secondary" id={`${id}-hint`}>
            {t("totp.manualHint")}
          </Typography.Text>
        </Flex>
      </Flex>
    </>
  );
}

/** The field for a 6-digit code from the app; `allowRecovery` also accepts a recovery code. */
export function CodeField({
  name = "code",
  label,
  allowRecovery = false,
  autoFocus = false,
}: {
  name?: string;
  label: string;
  allowRecovery?: boolean;
  autoFocus?: boolean;
}) {
  const t = useT();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={allowRecovery ? t("totp.codeOrRecoveryHint") : t("totp.codeHint")}
      rules={[
        { required: true, whitespace: true, message: t("common.required") },
        allowRecovery
          ? { min: 6, max: 32, message: t("totp.codeOrRecoveryInvalid") }
          : { pattern: /^\s*\d{3}\s?\d{3}\s*$/, message: t("totp.codeInvalid") },
      ]}
    >
      <Input
        autoComplete="one-time-code"
        inputMode={allowRecovery ? "text" : "numeric"}
        maxLength={allowRecovery ? 32 : 7}
        autoFocus={autoFocus}
        style={{ maxWidth: 240, fontFamily: "monospace" }}
      />
    </Form.Item>
  );
}

/** What the server wants: digits without the space people type in the middle. */
export const compactCode = (code: string) => code.replace(/\s/g, "");
