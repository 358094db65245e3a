import { Checkbox, Flex, Input, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import type { CellValue, Indicator, ValueInput } from "../../api/reports.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";
import {
  decimalMarkOf,
  isNumeric,
  numberShown,
  typedProblem,
  valueToSend,
  type DecimalMark,
} from "./combinations.ts";

type ValueCellProps = {
  indicator: Indicator;
  combination: string;
  /** Names the input for screen readers and tests: the indicator and the combination. */
  label: string;
  saved: CellValue | undefined;
  error: string | undefined;
  readOnly: boolean;
  onCommit: (value: ValueInput) => void;
};

const shown = (value: CellValue | undefined, mark: DecimalMark) =>
  value === undefined ? "" : typeof value === "number" ? numberShown(value, mark) : String(value);

/**
 * One entered cell: checked as it is typed (type and range, as the server checks them), saved on
 * blur when it changed; the reason it is refused shown under it. Numbers are read and shown in the
 * reader's convention: "1.234,5" in Vietnamese, "1,234.5" in English.
 */
export function ValueCell(props: ValueCellProps) {
  const { indicator, combination, saved, readOnly, onCommit } = props;
  const t = useT();
  const mark = decimalMarkOf(useLanguage().language);
  const [text, setText] = useState(shown(saved, mark));
  const typed = readOnly ? undefined : typedProblem(indicator, text, mark);
  const error = typed
    ? t(`reports.typed.${typed.key}`, { value: typed.value, limit: typed.limit ?? "" })
    : props.error;
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(shown(saved, mark));
  }, [saved, mark]);

  if (indicator.type === "boolean")
    return (
      <Checkbox
        aria-label={props.label}
        checked={saved === 1}
        disabled={readOnly}
        onChange={(e) =>
          onCommit({ indicator: indicator.code, combination, value: e.target.checked })
        }
      />
    );

  const commit = () => {
    focused.current = false;
    if (text === shown(saved, mark) && !props.error) return;
    onCommit({ indicator: indicator.code, combination, value: valueToSend(indicator, text, mark) });
  };
  return (
    <Flex vertical gap={2}>
      <Input
        aria-label={props.label}
        aria-invalid={error ? true : undefined}
        status={error ? "error" : undefined}
        inputMode={isNumeric(indicator) ? "decimal" : undefined}
        value={text}
        readOnly={readOnly}
        style={{ maxWidth: isNumeric(indicator) ? 160 : undefined }}
        onFocus={() => {
          focused.current = true;
        }}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
      />
      {error ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {error}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
