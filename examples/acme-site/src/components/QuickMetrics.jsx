import { useEffect, useState } from "react";

const BASE = [
  { key: "active", label: "Active users right now", value: 3847, decimals: 0, suffix: "", jitter: 40 },
  { key: "events", label: "Events per second", value: 12480, decimals: 0, suffix: "", jitter: 600 },
  { key: "conversion", label: "Trial → paid conversion", value: 12.4, decimals: 1, suffix: "%", jitter: 0.15 },
  { key: "latency", label: "Median query time", value: 182, decimals: 0, suffix: " ms", jitter: 14 },
];

function format(value, decimals) {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function nudge(metric, current) {
  const next = current + (Math.random() - 0.5) * 2 * metric.jitter;
  const floor = metric.value * 0.85;
  const ceiling = metric.value * 1.15;
  return Math.min(ceiling, Math.max(floor, next));
}

export default function QuickMetrics({ realTime = false }) {
  const [values, setValues] = useState(() => BASE.map((m) => m.value));
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!realTime) {
      setValues(BASE.map((m) => m.value));
      return undefined;
    }
    const id = setInterval(() => {
      setValues((prev) => prev.map((v, i) => nudge(BASE[i], v)));
      setTick((t) => t + 1);
    }, 1200);
    return () => clearInterval(id);
  }, [realTime]);

  return (
    <section className={realTime ? "metrics metrics--live" : "metrics"} data-section="quick_metrics" id="metrics">
      <div className="container">
        <div className="metrics__head">
          <h2 className="metrics__title">Acme, by the numbers</h2>
          {realTime ? (
            <span className="live-badge">
              <span className="live-badge__pulse" aria-hidden="true" />
              Live · updated {tick === 0 ? "just now" : "every second"}
            </span>
          ) : (
            <span className="metrics__period">Across all workspaces · last 30 days</span>
          )}
        </div>
        <dl className="metrics__grid">
          {BASE.map((m, i) => (
            <div className="metric" key={m.key}>
              <dt className="metric__label">{m.label}</dt>
              <dd className="metric__value">
                {format(values[i], m.decimals)}
                <span className="metric__suffix">{m.suffix}</span>
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
