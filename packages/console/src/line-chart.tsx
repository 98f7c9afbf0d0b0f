import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

/** One line of a chart. */
export interface ChartSeries {
  label: string;
  values: number[];
  /** A CSS colour. */
  colour: string;
}

/**
 * A line chart of daily values (uPlot, drawn on a canvas). The figures are also in the table
 * beside it, which is what screen readers use; the canvas is labelled as an image.
 */
export function LineChart(props: { title: string; days: string[]; series: ChartSeries[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const times = props.days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const chart = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        series: [
          {},
          ...props.series.map((series) => ({
            label: series.label,
            stroke: series.colour,
            width: 2,
          })),
        ],
        axes: [
          { stroke: "currentColor", grid: { stroke: "rgba(128,128,128,0.2)" } },
          { stroke: "currentColor", grid: { stroke: "rgba(128,128,128,0.2)" } },
        ],
        scales: { x: { time: true } },
      },
      [times, ...props.series.map((series) => series.values)],
      element,
    );
    element.querySelector("canvas")?.setAttribute("role", "img");
    element.querySelector("canvas")?.setAttribute("aria-label", props.title);
    return () => chart.destroy();
  }, [props.days, props.series]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={host} />
    </figure>
  );
}
