import { UploadOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Space, Upload } from "antd";
import { useState } from "react";
import {
  acceptDocument,
  assignDocument,
  commentDocument,
  completeDocument,
  issueDocument,
  numberDocument,
  rejectDocument,
  returnDocument,
  sealDocument,
  signDocument,
  startDocument,
  submitDocument,
  uploadDraftFile,
  type DocumentDetail,
} from "../../api/documents.ts";
import { useCurrentUser } from "../../auth/current-user.tsx";
import { useSession } from "../../auth/session.ts";
import { useReportProblem } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { AssignModal } from "./assign-modal.tsx";
import { allowedActions, type DocumentAction } from "./document-permissions.ts";
import { IssueModal } from "./issue-modal.tsx";
import { key } from "./labels.ts";
import { SignModal } from "./sign-modal.tsx";
import { TextModal } from "./text-modal.tsx";

/** Actions that ask for one text first, and whether it must be given. */
const TEXT_ACTIONS = {
  return: { required: true, label: "documents.reason", danger: true },
  reject: { required: true, label: "documents.reason", danger: true },
  accept: { required: false, label: "documents.note", danger: false },
  comment: { required: true, label: "documents.comment", danger: false },
  complete: { required: true, label: "documents.completeReport", danger: false },
} as const;
type TextAction = keyof typeof TEXT_ACTIONS;

const isTextAction = (action: string): action is TextAction => action in TEXT_ACTIONS;

/** Every action but the upload, which sends a file rather than JSON. */
type JsonAction = Exclude<DocumentAction, "upload">;

/** Runs an action on the document; `input` is what its dialog gathered. */
function perform(doc: DocumentDetail, action: JsonAction, input: unknown) {
  const text = input as string | undefined;
  switch (action) {
    case "submit":
      return submitDocument(doc.id);
    case "return":
      return returnDocument(doc.id, text!);
    case "sign":
      return signDocument(doc.id, input as Parameters<typeof signDocument>[1]);
    case "number":
      return numberDocument(doc.id);
    case "seal":
      return sealDocument(doc.id);
    case "issue":
      return issueDocument(doc.id, input as string[]);
    case "accept":
      return acceptDocument(doc.id, text);
    case "reject":
      return rejectDocument(doc.id, text!);
    case "assign":
      return assignDocument(doc.id, input as Parameters<typeof assignDocument>[1]);
    case "start":
      return startDocument(doc.id);
    case "comment":
      return commentDocument(doc.id, text!);
    case "complete":
      return completeDocument(doc.id, text!);
  }
}

/** The buttons of what the person may do now, each with its dialog when it needs one. */
export function DocumentActions({ document: doc }: { document: DocumentDetail }) {
  const t = useT();
  const { language } = useLanguage();
  const me = useCurrentUser();
  const csrf = useSession().data?.csrfToken ?? "";
  const { message } = App.useApp();
  const reportProblem = useReportProblem();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<JsonAction>();

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["document", doc.id] });
    void queryClient.invalidateQueries({ queryKey: ["document-handling", doc.id] });
    void queryClient.invalidateQueries({ queryKey: ["documents"] });
  };
  const act = useMutation({
    mutationFn: ({ action, input }: { action: JsonAction; input?: unknown }) =>
      perform(doc, action, input),
    onSuccess: (_data, { action }) => {
      setDialog(undefined);
      void message.success(t(key("documents.done", action)));
      refresh();
    },
    // A dialog shows its own error; a plain button reports it as a message.
    onError: (error, { action }) => {
      if (dialog !== action) reportProblem(error);
    },
  });
  const upload = useMutation({
    mutationFn: (file: File) => uploadDraftFile(doc.id, file, { csrf, language }),
    onSuccess: () => {
      void message.success(t("documents.done.upload"));
      refresh();
    },
    onError: reportProblem,
  });

  const actions = allowedActions(doc, me);
  if (actions.length === 0) return null;
  const run = (action: JsonAction, input?: unknown) => act.mutate({ action, input });
  const pendingFor = (action: JsonAction) => act.isPending && act.variables?.action === action;
  const dialogError = (action: JsonAction) => (act.variables?.action === action ? act.error : null);
  const close = () => {
    setDialog(undefined);
    act.reset();
  };
  const needsDialog = (action: JsonAction) =>
    isTextAction(action) || action === "sign" || action === "issue" || action === "assign";

  return (
    <>
      <Space wrap>
        {actions.map((action) =>
          action === "upload" ? (
            <Upload
              key={action}
              accept=".pdf,.docx,application/pdf"
              showUploadList={false}
              beforeUpload={(file) => {
                upload.mutate(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={upload.isPending}>
                {doc.mainFileId ? t("documents.action.replaceFile") : t("documents.action.upload")}
              </Button>
            </Upload>
          ) : (
            <Button
              key={action}
              type={action === "reject" || action === "return" ? "default" : "primary"}
              danger={action === "reject" || action === "return"}
              disabled={action === "submit" && !doc.mainFileId}
              loading={pendingFor(action)}
              onClick={() => (needsDialog(action) ? setDialog(action) : run(action))}
            >
              {t(key("documents.action", action))}
            </Button>
          ),
        )}
      </Space>
      {dialog && isTextAction(dialog) ? (
        <TextModal
          open
          title={t(key("documents.dialog", dialog))}
          label={t(TEXT_ACTIONS[dialog].label)}
          okText={t(key("documents.action", dialog))}
          required={TEXT_ACTIONS[dialog].required}
          danger={TEXT_ACTIONS[dialog].danger}
          pending={pendingFor(dialog)}
          error={dialogError(dialog)}
          onSubmit={(text) => run(dialog, text)}
          onCancel={close}
        />
      ) : null}
      <SignModal
        open={dialog === "sign"}
        document={doc}
        pending={pendingFor("sign")}
        error={dialogError("sign")}
        onSubmit={(input) => run("sign", input)}
        onCancel={close}
      />
      <IssueModal
        open={dialog === "issue"}
        pending={pendingFor("issue")}
        error={dialogError("issue")}
        onSubmit={(codes) => run("issue", codes)}
        onCancel={close}
      />
      <AssignModal
        open={dialog === "assign"}
        pending={pendingFor("assign")}
        error={dialogError("assign")}
        onSubmit={(input) => run("assign", input)}
        onCancel={close}
      />
    </>
  );
}
