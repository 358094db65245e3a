import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from "@ant-design/icons";
import { Button, Flex, Space } from "antd";
import type { ReactNode } from "react";
import { useT } from "../../i18n/index.tsx";

type RowToolsProps = {
  /** Names the row in the buttons' accessible names ("Xóa chỉ tiêu 2"). */
  name: string;
  index: number;
  count: number;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
};

/** Move up, move down and remove, for one row of the template editor. */
export function RowTools({ name, index, count, onMove, onRemove }: RowToolsProps) {
  const t = useT();
  return (
    <Space size={4}>
      <Button
        size="small"
        icon={<ArrowUpOutlined />}
        aria-label={t("designer.moveUp", { name })}
        disabled={index === 0}
        onClick={() => onMove(-1)}
      />
      <Button
        size="small"
        icon={<ArrowDownOutlined />}
        aria-label={t("designer.moveDown", { name })}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      />
      <Button
        size="small"
        danger
        icon={<DeleteOutlined />}
        aria-label={t("designer.remove", { name })}
        onClick={onRemove}
      />
    </Space>
  );
}

type DesignerRowProps = Omit<RowToolsProps, "name"> & {
  legend: string;
  readOnly: boolean;
  children: ReactNode;
};

/** One row of the editor: a fieldset named by its legend, its fields, and its tools. */
export function DesignerRow({ legend, readOnly, children, ...tools }: DesignerRowProps) {
  return (
    <fieldset
      style={{
        border: "1px solid #f0f0f0",
        borderRadius: 6,
        padding: "4px 12px 12px",
        marginBottom: 8,
      }}
    >
      <legend style={{ fontSize: 13, fontWeight: 600, width: "auto", padding: "0 4px", margin: 0 }}>
        {legend}
      </legend>
      <Flex gap={8} wrap align="flex-start">
        {children}
        {readOnly ? null : (
          <div style={{ marginLeft: "auto", paddingTop: 18 }}>
            <RowTools name={legend} {...tools} />
          </div>
        )}
      </Flex>
    </fieldset>
  );
}
