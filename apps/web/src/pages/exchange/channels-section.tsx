import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Form, Input, InputNumber, Select, Table } from "antd";
import { useState } from "react";
import {
  createChannel,
  listChannels,
  type Channel,
  type ChannelInput,
  type ServiceDetail,
} from "../../api/exchange.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useT } from "../../i18n/index.tsx";

/** A service's asynchronous message channels, and a form to open one for its administrators. */
export function ChannelsSection({ service, manage }: { service: ServiceDetail; manage: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ChannelInput>();
  const channels = useQuery({
    queryKey: ["lgsp-channels", service.id],
    queryFn: () => listChannels(service.id),
  });
  const mutation = useMutation({
    mutationFn: (v: ChannelInput) =>
      createChannel(service.id, { ...v, pushPath: v.pushPath?.trim() || undefined }),
    onSuccess: async () => {
      void message.success(t("lgsp.channels.created"));
      form.resetFields();
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["lgsp-channels", service.id] });
    },
  });
  const delivery = Form.useWatch("delivery", form);
  const required = [{ required: true, whitespace: true, message: t("common.required") }];
  return (
    <SectionCard
      title={t("lgsp.channels.title")}
      extra={
        manage && !open && service.status !== "retired" ? (
          <Button onClick={() => setOpen(true)}>{t("lgsp.channels.open")}</Button>
        ) : null
      }
    >
      <ProblemAlert error={channels.error} />
      <Table<Channel>
        rowKey="id"
        size="small"
        pagination={false}
        loading={channels.isPending}
        dataSource={channels.data?.items ?? []}
        locale={{ emptyText: t("lgsp.channels.empty") }}
        columns={[
          { title: t("lgsp.channels.code"), dataIndex: "code", width: 140 },
          { title: t("lgsp.channels.name"), dataIndex: "name" },
          {
            title: t("lgsp.channels.delivery"),
            dataIndex: "delivery",
            width: 180,
            render: (v: string) => t(v === "pull" ? "lgsp.channels.pull" : "lgsp.channels.push"),
          },
          {
            title: t("lgsp.channels.path"),
            dataIndex: "path",
            render: (v: string) => <code>{v}</code>,
          },
          { title: t("lgsp.channels.maxAttempts"), dataIndex: "maxAttempts", width: 120 },
        ]}
      />
      {open ? (
        <Form<ChannelInput>
          form={form}
          layout="vertical"
          style={{ maxWidth: 600, marginTop: 16 }}
          initialValues={{ delivery: "push" }}
          onFinish={(v) => mutation.mutate(v)}
          aria-label={t("lgsp.channels.open")}
        >
          <ProblemAlert error={mutation.error} />
          <Form.Item name="code" label={t("lgsp.channels.code")} rules={required}>
            <Input maxLength={63} />
          </Form.Item>
          <Form.Item name="name" label={t("lgsp.channels.name")} rules={required}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="delivery" label={t("lgsp.channels.delivery")}>
            <Select
              options={[
                { value: "push", label: t("lgsp.channels.push") },
                { value: "pull", label: t("lgsp.channels.pull") },
              ]}
            />
          </Form.Item>
          {delivery === "push" ? (
            <Form.Item name="pushPath" label={t("lgsp.channels.pushPath")}>
              <Input placeholder="/messages" maxLength={500} />
            </Form.Item>
          ) : null}
          <Form.Item name="maxAttempts" label={t("lgsp.channels.maxAttempts")}>
            <InputNumber min={1} max={100} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            {t("lgsp.channels.open")}
          </Button>{" "}
          <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
        </Form>
      ) : null}
    </SectionCard>
  );
}
