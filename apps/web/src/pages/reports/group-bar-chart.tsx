import { Grid, theme } from "antd";
import { useId } from "react";

export type GroupBar = { key: string; label: string; value: number | null };

type GroupBarChartProps = {
  /** What the chart shows, read by screen readers (the figures are in the table beside it). */
  title: string;
  bars: GroupBar[];
  format: (value: number) => string;
};

const BAR = 14;
/** Side by side, in percent of the width: labels, then bars, then room for the value. */
const SIDE = { row: 22, labelWidth: 38, barStart: 40, barSpan: 46 };
/** On a narrow screen each label takes its own line above its bar. */
const STACKED = { row: 36, labelWidth: 100, barStart: 0, barSpan: 80 };

/**
 * One horizontal bar per group, in plain SVG. Coordinates are percentages of the width and the
 * text is not scaled, so the chart stays legible on a phone, where each group's name goes above
 * its bar; a name too long for its room is clipped, the whole name and value being in the bar's
 * tooltip. A missing value draws an empty bar but keeps its row.
 */
export function GroupBarChart({ title, bars, format }: GroupBarChartProps) {
  const { token } = theme.useToken();
  const stacked = !(Grid.useBreakpoint().md ?? true);
  const layout = stacked ? STACKED : SIDE;
  const clip = useId();
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const height = bars.length * layout.row + 4;
  return (
    <svg
      role="img"
      aria-label={title}
      width="100%"
      height={height}
      style={{ display: "block", fontSize: 12 }}
    >
      <clipPath id={clip}>
        <rect x="0" y="0" width={`${layout.labelWidth}%`} height={height} />
      </clipPath>
      {bars.map((bar, i) => {
        const top = i * layout.row + 2;
        const y = stacked ? top + 16 : top;
        const share = max > 0 && bar.value !== null && bar.value > 0 ? bar.value / max : 0;
        const shown = bar.value === null ? "—" : format(bar.value);
        return (
          <g key={bar.key}>
            <title>{`${bar.label}: ${shown}`}</title>
            <text x="0" y={top + BAR - 2} clipPath={`url(#${clip})`} fill={token.colorText}>
              {bar.label}
            </text>
            <rect
              className="group-bar"
              x={`${layout.barStart}%`}
              y={y}
              width={`${share * layout.barSpan}%`}
              height={BAR}
              fill={token.colorPrimary}
            />
            <text
              x={`${layout.barStart + share * layout.barSpan + 1}%`}
              y={y + BAR - 2}
              fill={token.colorTextSecondary}
            >
              {shown}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
