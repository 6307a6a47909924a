/** One entry of a chart legend: a line (solid or dashed) or a dot in the series colour, then its name. */
export function LegendItem({
  color,
  label,
  dot,
  dashed,
}: {
  color: string;
  label: string;
  dot?: boolean;
  dashed?: boolean;
}) {
  return (
    <span className="lg">
      {dot ? (
        <span className="lz-lg-dot" style={{ background: color }} aria-hidden="true" />
      ) : (
        <span className={`lg-line${dashed ? ' is-dashed' : ''}`} style={{ borderColor: color }} aria-hidden="true" />
      )}
      {label}
    </span>
  );
}
