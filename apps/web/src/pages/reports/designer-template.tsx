import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Space, Spin, Typography } from "antd";
import { useState } from "react";
import { ApiError, type FieldProblem } from "../../api/client.ts";
import {
  listTemplateVersions,
  publishTemplate,
  saveDraftTemplate,
  type DesignDefinition,
  type RegimeDetail,
  type TemplateVersion,
} from "../../api/report-designer.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { DesignerCategories } from "./designer-categories.tsx";
import { EMPTY_DEFINITION, type EditorPartProps } from "./designer-editing.ts";
import { DesignerForms } from "./designer-forms.tsx";
import { DesignerPreview } from "./designer-preview.tsx";
import { DesignerProblemSummary } from "./designer-problem-summary.tsx";
import { problemsOf, withoutPath } from "./designer-problems.ts";
import { DesignerRules } from "./designer-rules.tsx";
import { DesignerSections } from "./designer-sections.tsx";
import { DesignerVersions } from "./designer-versions.tsx";

type DesignerTemplateProps = {
  regime: RegimeDetail;
  readOnly: boolean;
  /** The server refused a change with 403: the page turns read-only. */
  onForbidden: (error: ApiError) => void;
};

/**
 * The regime's template: the draft being edited (or, before any, a copy of the latest published
 * version to start the next one), the versions, and a read-only view of a published version.
 */
export function DesignerTemplate({ regime, readOnly, onForbidden }: DesignerTemplateProps) {
  const t = useT();
  const versions = useQuery({
    queryKey: ["regime-templates", regime.id],
    queryFn: () => listTemplateVersions(regime.id),
  });
  const [viewing, setViewing] = useState<TemplateVersion | null>(null);
  if (versions.error) return <ProblemAlert error={versions.error} />;
  if (!versions.data) return <Spin aria-label={t("common.loading")} />;
  const draft = versions.data.find((v) => v.status === "draft");
  const latest = versions.data.find((v) => v.status === "published");
  return (
    <>
      <DesignerVersions versions={versions.data} onView={setViewing} />
      {viewing ? (
        <PublishedVersion version={viewing} onClose={() => setViewing(null)} />
      ) : (
        <DraftEditor
          key={`after-${latest?.version ?? 0}`}
          regime={regime}
          draft={draft}
          initial={draft?.definition ?? latest?.definition ?? EMPTY_DEFINITION}
          nextVersion={draft?.version ?? (versions.data[0]?.version ?? 0) + 1}
          readOnly={readOnly}
          onForbidden={onForbidden}
        />
      )}
    </>
  );
}

function PublishedVersion({ version, onClose }: { version: TemplateVersion; onClose: () => void }) {
  const t = useT();
  const parts = {
    definition: version.definition,
    readOnly: true,
    problems: [],
    edit: () => undefined,
    reshape: () => undefined,
  } satisfies EditorPartProps;
  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t("designer.viewingPublished", { version: version.version })}
        action={<Button onClick={onClose}>{t("designer.backToDraft")}</Button>}
        style={{ marginBottom: 16 }}
      />
      <TemplateParts {...parts} />
      <SectionCard title={t("designer.preview")}>
        <DesignerPreview definition={version.definition} />
      </SectionCard>
    </>
  );
}

function TemplateParts(props: EditorPartProps) {
  return (
    <>
      <DesignerSections {...props} />
      <DesignerCategories {...props} />
      <DesignerForms {...props} />
      <DesignerRules {...props} />
    </>
  );
}

type DraftEditorProps = {
  regime: RegimeDetail;
  draft: TemplateVersion | undefined;
  initial: DesignDefinition;
  nextVersion: number;
  readOnly: boolean;
  onForbidden: (error: ApiError) => void;
};

function DraftEditor(props: DraftEditorProps) {
  const { regime, draft, readOnly, onForbidden } = props;
  const t = useT();
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const [definition, setDefinition] = useState(props.initial);
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [previewing, setPreviewing] = useState(false);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["regime-templates", regime.id] }),
      queryClient.invalidateQueries({ queryKey: ["regime", regime.id] }),
      queryClient.invalidateQueries({ queryKey: ["regimes"] }),
    ]);
  const refused = (error: unknown) => {
    if (error instanceof ApiError && error.status === 403) onForbidden(error);
  };
  const save = useMutation({
    mutationFn: () => saveDraftTemplate(regime.id, definition),
    onMutate: () => setProblems([]),
    onSuccess: async () => {
      setDirty(false);
      await refresh();
    },
    onError: (error) => {
      setProblems(problemsOf(error));
      refused(error);
    },
  });
  const publish = useMutation({
    mutationFn: () => publishTemplate(regime.id),
    onSuccess: refresh,
    onError: refused,
  });

  const parts: EditorPartProps = {
    definition,
    readOnly,
    problems,
    edit: (path, next) => {
      setDefinition(next);
      setDirty(true);
      setProblems((current) => withoutPath(current, path));
    },
    reshape: (next) => {
      setDefinition(next);
      setDirty(true);
      setProblems([]);
    },
  };
  const confirmPublish = () =>
    modal.confirm({
      title: t("designer.publishTitle", { version: draft?.version ?? "" }),
      content: t("designer.publishWarning"),
      okText: t("designer.publish"),
      cancelText: t("common.cancel"),
      onOk: () => publish.mutateAsync().catch(() => undefined),
    });

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Typography.Text strong>
          {draft
            ? t("designer.draftVersion", { version: draft.version })
            : t("designer.noDraft", { version: props.nextVersion })}
        </Typography.Text>
        {dirty ? <Typography.Text type="warning">{t("designer.unsaved")}</Typography.Text> : null}
        {readOnly ? null : (
          <>
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              {t("designer.saveDraft")}
            </Button>
            <Button
              disabled={!draft || dirty}
              title={dirty ? t("designer.saveBeforePublish") : undefined}
              loading={publish.isPending}
              onClick={confirmPublish}
            >
              {t("designer.publish")}
            </Button>
          </>
        )}
        <Button aria-pressed={previewing} onClick={() => setPreviewing((on) => !on)}>
          {t(previewing ? "designer.hidePreview" : "designer.showPreview")}
        </Button>
      </Space>
      {save.isSuccess && !dirty ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t("designer.saved", { version: save.data.version })}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <DesignerProblemSummary error={save.error} problems={problems} />
      <ProblemAlert error={publish.error} />
      {previewing ? (
        <SectionCard title={t("designer.preview")}>
          <DesignerPreview definition={definition} />
        </SectionCard>
      ) : null}
      <TemplateParts {...parts} />
    </>
  );
}
