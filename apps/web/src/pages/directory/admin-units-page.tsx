import { useQuery } from "@tanstack/react-query";
import { Button, Card, Col, Input, Row, Table, Typography, type TableColumnsType } from "antd";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { listAdminUnits } from "../../api/directory.ts";
import type { AdminUnit } from "../../api/types.ts";
import { LoadMore } from "../../components/load-more.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { usePagedList } from "../../components/use-paged-list.ts";
import { useLanguage, useT } from "../../i18n/index.tsx";

/** Folds case and diacritics (đ included) for the client-side province filter. */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();

/** The 34 provinces on the left; the chosen province's communes, searchable, on the right. */
export default function AdminUnitsPage() {
  const t = useT();
  const { language } = useLanguage();
  const [params, setParams] = useSearchParams();
  const provinceCode = params.get("province") ?? undefined;
  const [provinceFilter, setProvinceFilter] = useState("");
  const [communeSearch, setCommuneSearch] = useState("");

  const provinces = useQuery({
    queryKey: ["admin-units", "provinces"],
    queryFn: () => listAdminUnits({ level: "province", limit: 200 }),
    staleTime: 10 * 60_000,
  });
  const visibleProvinces = useMemo(() => {
    const needle = fold(provinceFilter.trim());
    return (provinces.data?.items ?? []).filter(
      (p) => !needle || fold(`${p.fullName} ${p.nameEn} ${p.code}`).includes(needle),
    );
  }, [provinces.data, provinceFilter]);
  const province = provinces.data?.items.find((p) => p.code === provinceCode);

  const communes = usePagedList(
    ["admin-units", "communes", provinceCode, communeSearch],
    (cursor) =>
      listAdminUnits({ level: "commune", provinceCode, q: communeSearch, cursor, limit: 100 }),
    Boolean(provinceCode),
  );

  const displayName = (unit: AdminUnit) => (language === "en" ? unit.nameEn : unit.fullName);
  const provinceColumns: TableColumnsType<AdminUnit> = [
    { title: t("adminUnit.code"), dataIndex: "code", width: 80 },
    {
      title: t("adminUnit.name"),
      key: "name",
      render: (_, unit) => (
        <Button
          type="link"
          style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "start" }}
          aria-pressed={unit.code === provinceCode}
          onClick={() => {
            setCommuneSearch("");
            setParams({ province: unit.code }, { replace: true });
          }}
        >
          {displayName(unit)}
        </Button>
      ),
    },
  ];
  const communeColumns: TableColumnsType<AdminUnit> = [
    { title: t("adminUnit.code"), dataIndex: "code", width: 100 },
    { title: t("adminUnit.name"), key: "name", render: (_, unit) => displayName(unit) },
    { title: t("adminUnit.unitType"), dataIndex: "unitType", width: 140 },
  ];

  return (
    <>
      <PageHeader title={t("adminUnits.title")} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("adminUnits.provinces")}</h2>}>
            <Input.Search
              aria-label={t("adminUnits.filterProvinces")}
              placeholder={t("adminUnits.filterProvinces")}
              allowClear
              onChange={(event) => setProvinceFilter(event.target.value)}
              style={{ marginBottom: 12 }}
            />
            <ProblemAlert error={provinces.error} />
            <Table<AdminUnit>
              rowKey="code"
              size="small"
              columns={provinceColumns}
              dataSource={visibleProvinces}
              loading={provinces.isPending}
              pagination={false}
              rowClassName={(unit) => (unit.code === provinceCode ? "ant-table-row-selected" : "")}
              scroll={{ y: 560 }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            title={
              <h2 style={{ fontSize: 16, margin: 0 }}>
                {province
                  ? t("adminUnits.communesOf", { province: displayName(province) })
                  : t("adminUnits.communes")}
              </h2>
            }
          >
            {provinceCode ? (
              <>
                <Input.Search
                  key={provinceCode}
                  aria-label={t("adminUnits.searchCommunes")}
                  placeholder={t("adminUnits.searchCommunes")}
                  allowClear
                  enterButton
                  onSearch={(value) => setCommuneSearch(value.trim())}
                  style={{ marginBottom: 12, maxWidth: 420 }}
                />
                <ProblemAlert error={communes.error} />
                <Table<AdminUnit>
                  rowKey="code"
                  size="small"
                  columns={communeColumns}
                  dataSource={communes.items}
                  loading={communes.isLoading}
                  pagination={false}
                />
                <LoadMore
                  hasMore={communes.hasMore}
                  loading={communes.loadingMore}
                  onLoadMore={communes.loadMore}
                />
              </>
            ) : (
              <Typography.Text type="secondary">{t("adminUnits.pickProvince")}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
