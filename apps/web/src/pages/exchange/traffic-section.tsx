import { useQuery } from "@tanstack/react-query";
import { Alert, Col, Row, Segmented, Statistic, Table, type TableColumnsType } from "antd";
import { useState } from "react";
import {
  fetchServiceTraffic,
  type ServiceTraffic,
  type TrafficBucketSize,
  type TrafficFigures,
} from "../../api/monitoring.ts";
import { BarChart } from "../../components/bar-chart.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { SectionCard } from "../../components/section-card.tsx";
import { useLanguage, useT, type Language } from "../../i18n/index.tsx";

const TIME_ZONE = "Asia/Ho_Chi_Minh";

type Row = TrafficFigures & { key: string; name: string };

const ms = (value: number | null) => (value === null ? "—" : `${value.toFixed(1)} ms`);

function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / 1024 / 1024).toFixed(1)} MB`;
}

function bucketLabel(iso: string, size: TrafficBucketSize, language: Language): string {
  const options: Intl.DateTimeFormatOptions =
    size === "hour"
      ? { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit" }
      : { timeZone: TIME_ZONE, day: "2-digit", month: "2-digit" };
  return new Intl.DateTimeFormat(language === "vi" ? "vi-VN" : "en-GB", options).format(
    new Date(iso),
  );
}

/**
 * The traffic of a service from the evidence log: calls per hour (last 24 hours) or per day
 * (last 30 days), errors, p50/p95/p99 latency and bytes, overall and per consumer system.
 */
export function TrafficSection({ serviceId }: { serviceId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const [bucket, setBucket] = useState<TrafficBucketSize>("hour");
  const traffic = useQuery({
    queryKey: ["lgsp-traffic", serviceId, bucket],
    queryFn: () => fetchServiceTraffic(serviceId, { bucket }),
    refetchInterval: 60_000,
  });
  const data = traffic.data;
  return (
    <SectionCard
      title={t("lgsp.traffic.title")}
      extra={
        <Segmented<TrafficBucketSize>
          aria-label={t("lgsp.traffic.window")}
          value={bucket}
          onChange={setBucket}
          options={[
            { value: "hour", label: t("lgsp.traffic.lastDay") },
            { value: "day", label: t("lgsp.traffic.lastMonth") },
          ]}
        />
      }
    >
      <ProblemAlert error={traffic.error} />
      {data ? <TrafficFiguresView data={data} language={language} /> : null}
    </SectionCard>
  );
}

function TrafficFiguresView({ data, language }: { data: ServiceTraffic; language: Language }) {
  const t = useT();
  const { totals } = data;
  const rows: Row[] = [
    { key: "all", name: t("lgsp.traffic.allConsumers"), ...totals },
    ...data.consumers.map((c) => ({
      key: c.consumerSystemId ?? "unknown",
      name: c.consumerSystemName ?? c.consumerSystemId ?? t("lgsp.traffic.unknownConsumer"),
      ...c,
    })),
  ];
  const columns: TableColumnsType<Row> = [
    { title: t("lgsp.traffic.consumer"), dataIndex: "name" },
    { title: t("lgsp.traffic.calls"), dataIndex: "calls", align: "right" },
    { title: t("lgsp.traffic.errors"), dataIndex: "errors", align: "right" },
    { title: t("lgsp.traffic.refused"), dataIndex: "refused", align: "right" },
    { title: "p50", dataIndex: "p50Ms", align: "right", render: ms },
    { title: "p95", dataIndex: "p95Ms", align: "right", render: ms },
    { title: "p99", dataIndex: "p99Ms", align: "right", render: ms },
    { title: t("lgsp.traffic.bytesIn"), dataIndex: "requestBytes", align: "right", render: bytes },
    {
      title: t("lgsp.traffic.bytesOut"),
      dataIndex: "responseBytes",
      align: "right",
      render: bytes,
    },
  ];
  return (
    <>
      {data.scope === "own_calls" ? (
        <Alert
          type="info"
          showIcon
          title={t("lgsp.traffic.ownCallsOnly")}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col>
          <Statistic title={t("lgsp.traffic.calls")} value={totals.calls} />
        </Col>
        <Col>
          <Statistic title={t("lgsp.traffic.errors")} value={totals.errors} />
        </Col>
        <Col>
          <Statistic title="p95" value={ms(totals.p95Ms)} />
        </Col>
      </Row>
      <BarChart
        title={t("lgsp.traffic.chartTitle", { calls: totals.calls, errors: totals.errors })}
        series={[
          { key: "ok", label: t("lgsp.traffic.succeeded"), color: "#1677ff" },
          { key: "refused", label: t("lgsp.traffic.refused"), color: "#faad14" },
          { key: "errors", label: t("lgsp.traffic.errors"), color: "#ff4d4f" },
        ]}
        points={data.buckets.map((b) => ({
          label: bucketLabel(b.start, data.bucket, language),
          values: {
            ok: Math.max(0, b.calls - b.errors - b.refused),
            refused: b.refused,
            errors: b.errors,
          },
        }))}
      />
      <Table<Row>
        rowKey="key"
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="small"
        scroll={{ x: 900 }}
        style={{ marginTop: 12 }}
        aria-label={t("lgsp.traffic.tableLabel")}
      />
    </>
  );
}
