import { CopyOutlined, DownloadOutlined, PrinterOutlined } from "@ant-design/icons";
import { Alert, App, Button, Space } from "antd";
import { useT } from "../i18n/index.tsx";

type RecoveryCodesProps = { codes: string[]; username?: string };

/** Prints plain text through a hidden frame, so the rest of the page stays off the paper. */
function printText(title: string, lines: string[]) {
  const frame = document.createElement("iframe");
  frame.style.position = "fixed";
  frame.style.width = "0";
  frame.style.height = "0";
  frame.style.border = "0";
  document.body.append(frame);
  const doc = frame.contentDocument!;
  doc.title = title;
  const pre = doc.createElement("pre");
  pre.style.font = "14pt monospace";
  pre.textContent = lines.join("\n");
  doc.body.append(pre);
  frame.contentWindow!.addEventListener("afterprint", () => frame.remove());
  frame.contentWindow!.print();
}

/**
 * Ten single-use recovery codes, shown once: the person copies, downloads or prints them now,
 * because the server keeps only their hashes.
 */
export function RecoveryCodes({ codes, username }: RecoveryCodesProps) {
  const t = useT();
  const { message } = App.useApp();
  const title = t("recoveryCodes.fileTitle", { username: username ?? "" });
  const lines = [title, t("recoveryCodes.fileHint"), "", ...codes];
  const text = lines.join("\n");

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t("common.copied"));
    } catch {
      void message.error(t("recoveryCodes.copyFailed"));
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `lienthong-recovery-codes${username ? `-${username}` : ""}.txt`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section aria-labelledby="recovery-codes-title">
      <Alert
        type="warning"
        showIcon
        title={<span id="recovery-codes-title">{t("recoveryCodes.saveNow")}</span>}
        description={t("recoveryCodes.explain")}
        style={{ marginBottom: 16 }}
      />
      <ol
        aria-label={t("recoveryCodes.listLabel")}
        style={{
          display: "grid",
          gridTemplateColumns: "repeat(2, minmax(0, 1fr))",
          gap: "6px 24px",
          fontFamily: "monospace",
          fontSize: 16,
          padding: "12px 12px 12px 36px",
          background: "#fafafa",
          border: "1px solid #f0f0f0",
          borderRadius: 6,
        }}
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t("common.copy")}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          {t("recoveryCodes.download")}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => printText(title, lines)}>
          {t("recoveryCodes.print")}
        </Button>
      </Space>
    </section>
  );
}
