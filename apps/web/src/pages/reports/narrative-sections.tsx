import { Form, Input } from "antd";
import { useEffect, useState } from "react";
import type { ReportView, TemplateDefinition } from "../../api/reports.ts";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";
import { narrativeKey } from "./use-autosave.ts";

type NarrativeProps = {
  report: ReportView;
  definition: TemplateDefinition;
  readOnly: boolean;
  errors: Record<string, string>;
  onCommit: (code: string, text: string) => void;
};

/** The outline's sections (đề cương) the unit writes; each saved when it loses focus. */
export function NarrativeSections(props: NarrativeProps) {
  const t = useT();
  if (props.definition.sections.length === 0) return null;
  return (
    <SectionCard title={t("reports.narrative")}>
      <Form layout="vertical">
        {props.definition.sections.map((section) => (
          <NarrativeField
            key={section.code}
            {...props}
            code={section.code}
            title={section.title}
            guidance={section.guidance}
            required={section.required ?? false}
          />
        ))}
      </Form>
    </SectionCard>
  );
}

type FieldProps = NarrativeProps & {
  code: string;
  title: string;
  guidance: string | undefined;
  required: boolean;
};

function NarrativeField({
  report,
  code,
  title,
  guidance,
  required,
  readOnly,
  errors,
  onCommit,
}: FieldProps) {
  const saved = report.narrative[code] ?? "";
  const [text, setText] = useState(saved);
  useEffect(() => setText(saved), [saved]);
  const error = errors[narrativeKey(code)];
  return (
    <Form.Item
      label={title}
      htmlFor={`narrative-${code}`}
      required={required}
      extra={guidance}
      validateStatus={error ? "error" : undefined}
      help={error}
    >
      <Input.TextArea
        id={`narrative-${code}`}
        rows={4}
        value={text}
        readOnly={readOnly}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text !== saved) onCommit(code, text);
        }}
      />
    </Form.Item>
  );
}
