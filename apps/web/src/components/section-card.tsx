import { Card, Typography } from "antd";
import { useId, type ReactNode } from "react";

type SectionCardProps = { title: ReactNode; extra?: ReactNode; children: ReactNode };

/** A titled part of a page: an `h2` that screen readers list, and a landmark named by it. */
export function SectionCard({ title, extra, children }: SectionCardProps) {
  const id = useId();
  return (
    <section aria-labelledby={id} style={{ marginBottom: 16 }}>
      <Card
        title={
          <Typography.Title id={id} level={2} style={{ fontSize: 16, margin: 0 }}>
            {title}
          </Typography.Title>
        }
        extra={extra}
      >
        {children}
      </Card>
    </section>
  );
}
