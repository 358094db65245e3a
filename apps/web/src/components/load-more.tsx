import { Button, Flex } from "antd";
import { useT } from "../i18n/index.tsx";

type LoadMoreProps = { hasMore: boolean; loading: boolean; onLoadMore: () => void };

/** Fetches the next page of a cursor-paginated list. */
export function LoadMore({ hasMore, loading, onLoadMore }: LoadMoreProps) {
  const t = useT();
  if (!hasMore) return null;
  return (
    <Flex justify="center" style={{ marginTop: 16 }}>
      <Button onClick={onLoadMore} loading={loading}>
        {t("common.loadMore")}
      </Button>
    </Flex>
  );
}
