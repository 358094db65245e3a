import { Checkbox, Flex, Input, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import type { CellValue, Indicator, ValueInput } from "../../api/reports.ts";
import { isNumeric, valueToSend } from "./combinations.ts";

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

const shown = (value: CellValue | undefined) => (value === undefined ? "" : String(value));

/** One entered cell: saved on blur when it changed; the server's reason shown under it. */
export function ValueCell(props: ValueCellProps) {
  const { indicator, combination, saved, error, readOnly, onCommit } = props;
  const [text, setText] = useState(shown(saved));
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(shown(saved));
  }, [saved]);

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
    if (text === shown(saved) && !error) return;
    onCommit({ indicator: indicator.code, combination, value: valueToSend(indicator, text) });
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
