import { theme } from "antd";

export type BarSeries = { key: string; label: string; color: string };
export type BarPoint = { label: string; values: Record<string, number> };

type BarChartProps = {
  /** What the chart shows, read by screen readers (the figures are also in a table nearby). */
  title: string;
  series: BarSeries[];
  points: BarPoint[];
  height?: number;
};

const AXIS = 36;
const LEGEND = 22;
/** Drawing width; the SVG scales to its container, keeping its proportions. */
const width = 720;

/**
 * Stacked bars drawn in SVG, without a chart library: one bar per point, a segment per series,
 * each bar with a native tooltip. The SVG is one image for assistive technology, named by
 * `title`; pages give the numbers in a table as well.
 */
export function BarChart({ title, series, points, height = 180 }: BarChartProps) {
  const { token } = theme.useToken();
  const plot = height - AXIS - LEGEND;
  const totals = points.map((p) => series.reduce((sum, s) => sum + (p.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const slot = (width - AXIS) / Math.max(1, points.length);
  const barWidth = Math.max(2, slot * 0.7);
  const labelEvery = Math.ceil(points.length / 8);
  return (
    <svg
      role="img"
      aria-label={title}
      viewBox={`0 0 ${width} ${height}`}
      style={{ display: "block", width: "100%", height: "auto", fontSize: 10 }}
    >
      <text x={AXIS - 4} y={LEGEND + 8} textAnchor="end" fill={token.colorTextSecondary}>
        {max}
      </text>
      <text x={AXIS - 4} y={LEGEND + plot} textAnchor="end" fill={token.colorTextSecondary}>
        0
      </text>
      <line x1={AXIS} x2={width} y1={LEGEND + plot} y2={LEGEND + plot} stroke={token.colorBorder} />
      {series.map((s, i) => (
        <g key={s.key} transform={`translate(${AXIS + i * 110}, 4)`}>
          <rect width={10} height={10} fill={s.color} />
          <text x={14} y={9} fill={token.colorText}>
            {s.label}
          </text>
        </g>
      ))}
      {points.map((point, i) => {
        const x = AXIS + i * slot + (slot - barWidth) / 2;
        let top = LEGEND + plot;
        return (
          <g key={point.label}>
            <title>
              {`${point.label}: ${series.map((s) => `${s.label} ${point.values[s.key] ?? 0}`).join(", ")}`}
            </title>
            <rect x={x} y={LEGEND} width={barWidth} height={plot} fill="transparent" />
            {series.map((s) => {
              const h = ((point.values[s.key] ?? 0) / max) * plot;
              top -= h;
              return h > 0 ? (
                <rect key={s.key} x={x} y={top} width={barWidth} height={h} fill={s.color} />
              ) : null;
            })}
            {i % labelEvery === 0 ? (
              <text
                x={x + barWidth / 2}
                y={height - AXIS + 14}
                textAnchor="middle"
                fill={token.colorTextSecondary}
              >
                {point.label}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
