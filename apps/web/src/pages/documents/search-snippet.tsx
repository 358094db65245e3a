import { Typography } from "antd";
import type { ReactNode } from "react";
import type { SearchSnippet } from "../../api/documents.ts";
import { useT, type MessageKey } from "../../i18n/index.tsx";

const snippetLabels: Record<Exclude<SearchSnippet["field"], "subject">, MessageKey> = {
  symbol: "documents.symbol",
  sender: "documents.sender",
  content: "documents.search.inContent",
};

/** The text around a word found in a PDF runs to about 240 characters: two lines tell enough. */
const twoLines = {
  display: "-webkit-box",
  WebkitLineClamp: 2,
  WebkitBoxOrient: "vertical",
  overflow: "hidden",
} as const;

/** The snippet's text with the words the query matched marked. */
export function Highlighted({ snippet }: { snippet: SearchSnippet }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { start, length } of snippet.highlights) {
    if (start < at) continue;
    parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={start}>{snippet.text.slice(start, start + length)}</mark>);
    at = start + length;
  }
  parts.push(snippet.text.slice(at));
  return <>{parts}</>;
}

/** Where a hit matched outside its subject (symbol, sender, PDF text), in two lines at most. */
export function SnippetLine({ snippet }: { snippet: SearchSnippet }) {
  const t = useT();
  if (snippet.field === "subject") return null;
  return (
    <div style={twoLines}>
      <Typography.Text type="secondary">
        {t(snippetLabels[snippet.field])}: <Highlighted snippet={snippet} />
      </Typography.Text>
    </div>
  );
}
