import { CommentOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Drawer, Flex, Form, Input, Tag, Typography } from "antd";
import { addValueComment, type ReportView, type ValueComment } from "../../api/reports.ts";
import { formatDateTime } from "../../components/format.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useLanguage, useT } from "../../i18n/index.tsx";
import { cellKey } from "./combinations.ts";

/** The server's limit on one comment, in characters. */
const COMMENT_MAX = 2000;

/** A cell whose comments are shown: where it is in the template and the words that name it. */
export type CommentedCell = {
  /** Its `cellKey`. */
  key: string;
  indicator: string;
  combination: string;
  label: string;
};

/** A report's comments by cell (`cellKey`), each thread oldest first as the server sends them. */
export function commentThreads(comments: ValueComment[]): Map<string, ValueComment[]> {
  const threads = new Map<string, ValueComment[]>();
  for (const comment of comments) {
    const key = cellKey(comment.indicator, comment.combination);
    threads.set(key, [...(threads.get(key) ?? []), comment]);
  }
  return threads;
}

/** Opens a cell's comments; stands out when the cell has some. */
export function CommentButton(props: { label: string; count: number; onOpen: () => void }) {
  const t = useT();
  return (
    <Button
      size="small"
      type={props.count > 0 ? "primary" : "default"}
      icon={<CommentOutlined />}
      aria-label={t("reports.comments.open", { cell: props.label, count: props.count })}
      onClick={props.onOpen}
    >
      {props.count > 0 ? props.count : null}
    </Button>
  );
}

type CommentDrawerProps = {
  report: ReportView;
  /** The cell whose thread is open; none closes the drawer. */
  cell: CommentedCell | null;
  thread: ValueComment[];
  onClose: () => void;
};

/**
 * Ý kiến về số liệu: one cell's thread between the reporting unit and the receiving unit, and a
 * box to add to it when the server says the person may comment now (`commentSide`).
 */
export function CommentDrawer({ report, cell, thread, onClose }: CommentDrawerProps) {
  const t = useT();
  return (
    <Drawer
      open={cell !== null}
      title={cell ? t("reports.comments.title", { cell: cell.label }) : ""}
      onClose={onClose}
      destroyOnHidden
    >
      {cell ? (
        <>
          <CommentThread comments={thread} />
          {report.commentSide ? <CommentForm key={cell.key} report={report} cell={cell} /> : null}
        </>
      ) : null}
    </Drawer>
  );
}

function CommentThread({ comments }: { comments: ValueComment[] }) {
  const t = useT();
  const { language } = useLanguage();
  if (comments.length === 0)
    return (
      <Typography.Paragraph type="secondary">{t("reports.comments.empty")}</Typography.Paragraph>
    );
  return (
    <ol aria-label={t("reports.comments.thread")} style={{ listStyle: "none", padding: 0 }}>
      {comments.map((comment) => (
        <li key={comment.id} style={{ marginBottom: 16 }}>
          <Flex gap={4} wrap align="center">
            <Typography.Text strong>{comment.author}</Typography.Text>
            <Tag color={comment.side === "unit" ? "blue" : "purple"}>
              {t(`reports.comments.side.${comment.side}`)}
            </Tag>
            {comment.source === "import" ? <Tag>{t("reports.comments.imported")}</Tag> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(comment.at, language)}
            </Typography.Text>
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: "pre-line", margin: "4px 0 0" }}>
            {comment.body}
          </Typography.Paragraph>
        </li>
      ))}
    </ol>
  );
}

function CommentForm({ report, cell }: { report: ReportView; cell: CommentedCell }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ body: string }>();
  const send = useMutation({
    mutationFn: (body: string) =>
      addValueComment(report.id, {
        indicator: cell.indicator,
        combination: cell.combination,
        body,
      }),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ["report", report.id] });
    },
  });
  return (
    <Form form={form} layout="vertical" onFinish={(v) => send.mutate(v.body.trim())}>
      <ProblemAlert error={send.error} />
      <Form.Item
        name="body"
        label={t("reports.comments.yours")}
        rules={[{ required: true, whitespace: true, message: t("common.required") }]}
      >
        <Input.TextArea rows={4} maxLength={COMMENT_MAX} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {t("reports.comments.send")}
      </Button>
    </Form>
  );
}
