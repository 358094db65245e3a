import { Flex, Typography } from "antd";
import { useId, type ReactNode } from "react";

/** What a field's control needs to be labelled and to announce its problems. */
export type FieldControl = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
};

type DesignerFieldProps = {
  label: string;
  /** The problems the server named at this field's path. */
  problems: string[];
  width?: number | string;
  children: (control: FieldControl) => ReactNode;
};

/**
 * One labelled field of the designer with the server's problems under it: the control is marked
 * `aria-invalid` and described by them, so a screen reader reads the reason with the field.
 */
export function DesignerField({ label, problems, width, children }: DesignerFieldProps) {
  const id = useId();
  const errorId = `${id}-problems`;
  const invalid = problems.length > 0;
  return (
    <Flex vertical gap={2} style={{ width, minWidth: 0 }}>
      <label htmlFor={id} style={{ fontSize: 12 }}>
        {label}
      </label>
      {children({
        id,
        "aria-invalid": invalid ? true : undefined,
        "aria-describedby": invalid ? errorId : undefined,
      })}
      {invalid ? (
        <Typography.Text id={errorId} type="danger" style={{ fontSize: 12 }}>
          {problems.join("; ")}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
