import { useQuery } from "@tanstack/react-query";
import { Card, Input, Spin, Tree, type TreeDataNode } from "antd";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { fetchOrganizationTree } from "../../api/directory.ts";
import type { OrganizationTreeItem } from "../../api/types.ts";
import { PageHeader } from "../../components/page-header.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useT } from "../../i18n/index.tsx";

/** Folds case and Vietnamese diacritics (đ included) so "so noi vu" matches "Sở Nội vụ". */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

/** Nests the flat list by `parentId`; an item whose parent is not listed becomes a root. */
function buildTree(items: OrganizationTreeItem[], filter: string): TreeDataNode[] {
  const ids = new Set(items.map((i) => i.id));
  const children = new Map<string | null, OrganizationTreeItem[]>();
  for (const item of items) {
    const parent = item.parentId && ids.has(item.parentId) ? item.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), item]);
  }
  const needle = fold(filter.trim());
  const toNode = (item: OrganizationTreeItem): TreeDataNode | null => {
    const kids = (children.get(item.id) ?? []).map(toNode).filter((n) => n !== null);
    const matches = !needle || fold(`${item.name} ${item.shortName} ${item.code}`).includes(needle);
    if (!matches && kids.length === 0) return null;
    return { key: item.id, title: `${item.name} (${item.code})`, children: kids };
  };
  return (children.get(null) ?? []).map(toNode).filter((n) => n !== null);
}

export default function OrganizationTreePage() {
  const t = useT();
  const navigate = useNavigate();
  const [filter, setFilter] = useState("");
  const tree = useQuery({ queryKey: ["organizations", "tree"], queryFn: fetchOrganizationTree });
  const nodes = useMemo(() => buildTree(tree.data?.items ?? [], filter), [tree.data, filter]);
  const rootKeys = nodes.map((n) => n.key);

  return (
    <>
      <PageHeader title={t("organizationTree.title")} />
      <Input.Search
        aria-label={t("organizationTree.filter")}
        placeholder={t("organizationTree.filter")}
        allowClear
        onChange={(event) => setFilter(event.target.value)}
        style={{ maxWidth: 420, marginBottom: 16 }}
      />
      <ProblemAlert error={tree.error} />
      <Card>
        {tree.isPending ? (
          <Spin aria-label={t("common.loading")} />
        ) : (
          <Tree
            key={filter ? "filtered" : "all"}
            treeData={nodes}
            defaultExpandedKeys={rootKeys}
            defaultExpandAll={Boolean(filter)}
            showLine
            onSelect={([key]) => key && void navigate(`/directory/organizations/${String(key)}`)}
          />
        )}
      </Card>
    </>
  );
}
