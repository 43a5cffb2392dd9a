const SERIES = [42, 48, 45, 53, 58, 55, 63, 61, 70, 68, 76, 74, 83, 88, 85, 94, 99, 97, 108, 114];
const PREVIOUS = [38, 40, 41, 44, 43, 47, 49, 48, 52, 55, 53, 57, 60, 59, 63, 65, 64, 68, 70, 72];
const CHANNELS = [
  { name: "Organic search", share: 38 },
  { name: "Direct", share: 24 },
  { name: "Referral", share: 17 },
  { name: "Paid social", share: 13 },
  { name: "Email", share: 8 },
];
const PAGES = [
  { path: "/pricing", views: "48.2k", change: "+12.4%", up: true },
  { path: "/features/funnels", views: "31.7k", change: "+8.1%", up: true },
  { path: "/blog/retention-101", views: "22.9k", change: "-2.3%", up: false },
  { path: "/docs/quickstart", views: "18.4k", change: "+21.0%", up: true },
];
const FUNNEL = [
  { step: "Visited", value: 100 },
  { step: "Signed up", value: 46 },
  { step: "Activated", value: 31 },
  { step: "Paid", value: 12 },
];

const W = 560;
const H = 180;
const MAX = 120;

function toPoints(values) {
  const step = W / (values.length - 1);
  return values.map((v, i) => [Math.round(i * step * 10) / 10, Math.round((H - (v / MAX) * H) * 10) / 10]);
}

function linePath(values) {
  return toPoints(values)
    .map(([x, y], i) => `${i === 0 ? "M" : "L"}${x},${y}`)
    .join(" ");
}

function areaPath(values) {
  return `${linePath(values)} L${W},${H} L0,${H} Z`;
}

function Kpi({ label, value, delta, up = true }) {
  return (
    <div className="kpi">
      <span className="kpi__label">{label}</span>
      <span className="kpi__value">{value}</span>
      <span className={up ? "delta delta--up" : "delta delta--down"}>{delta}</span>
    </div>
  );
}

export default function AnalyticsDashboard({ position = "default" }) {
  const isHero = position === "hero";
  const last = toPoints(SERIES)[SERIES.length - 1];
  return (
    <section
      className={isHero ? "dashboard dashboard--hero" : "dashboard"}
      data-section="analytics_dashboard"
      id="dashboard"
    >
      <div className="container">
        <div className="section-head">
          <span className="eyebrow">{isHero ? "Your workspace, live" : "Product tour"}</span>
          <h2 className="section-title">
            {isHero ? "Every metric that matters, front and centre" : "Your whole product, on one screen"}
          </h2>
          <p className="section-lead">
            Traffic, funnels, channels and top content update as events arrive — no refresh button, no
            overnight batch jobs.
          </p>
        </div>

        <div className="app-window" role="img" aria-label="Acme Analytics dashboard showing weekly active users rising 18%">
          <div className="app-window__bar">
            <span className="dot dot--red" />
            <span className="dot dot--amber" />
            <span className="dot dot--green" />
            <span className="app-window__url">app.acme.example/workspace/overview</span>
          </div>
          <div className="app">
            <aside className="app__sidebar">
              <div className="app__workspace">
                <span className="app__avatar">N</span>
                Northwind
              </div>
              <ul className="app__menu">
                <li className="is-active">Overview</li>
                <li>Funnels</li>
                <li>Retention</li>
                <li>Journeys</li>
                <li>Revenue</li>
                <li>Experiments</li>
                <li>Data sources</li>
              </ul>
            </aside>
            <div className="app__main">
              <div className="app__toolbar">
                <strong>Overview</strong>
                <div className="segmented">
                  <span>24h</span>
                  <span className="is-active">7d</span>
                  <span>30d</span>
                  <span>12m</span>
                </div>
              </div>
              <div className="kpi-row">
                <Kpi label="Weekly active users" value="114,208" delta="▲ 18.2%" />
                <Kpi label="New signups" value="8,932" delta="▲ 9.6%" />
                <Kpi label="Activation rate" value="67.4%" delta="▲ 3.1 pts" />
                <Kpi label="Churned accounts" value="212" delta="▼ 4.8%" up={false} />
              </div>
              <div className="app__grid">
                <div className="panel panel--chart">
                  <div className="panel__head">
                    <span>Active users</span>
                    <span className="legend">
                      <i className="legend__swatch legend__swatch--now" /> This period
                      <i className="legend__swatch legend__swatch--prev" /> Previous
                    </span>
                  </div>
                  <div className="chart-wrap">
                    <svg className="chart" viewBox={`0 0 ${W} ${H + 4}`} preserveAspectRatio="none" aria-hidden="true">
                      <defs>
                        <linearGradient id="acme-area" x1="0" y1="0" x2="0" y2="1">
                          <stop offset="0%" className="chart__stop-top" />
                          <stop offset="100%" className="chart__stop-bottom" />
                        </linearGradient>
                      </defs>
                      {[0.25, 0.5, 0.75].map((f) => (
                        <line key={f} className="chart__grid" x1="0" x2={W} y1={H * f} y2={H * f} />
                      ))}
                      <path className="chart__area" d={areaPath(SERIES)} fill="url(#acme-area)" />
                      <path className="chart__line chart__line--prev" d={linePath(PREVIOUS)} />
                      <path className="chart__line" d={linePath(SERIES)} />
                    </svg>
                    <span
                      className="chart__dot"
                      style={{ left: `${(last[0] / W) * 100}%`, top: `${(last[1] / (H + 4)) * 100}%` }}
                    />
                  </div>
                </div>
                <div className="panel">
                  <div className="panel__head">
                    <span>Signup funnel</span>
                    <span className="muted">12.0% end-to-end</span>
                  </div>
                  <ul className="funnel">
                    {FUNNEL.map((f) => (
                      <li key={f.step}>
                        <span className="funnel__label">{f.step}</span>
                        <span className="funnel__track">
                          <span className="funnel__bar" style={{ width: `${f.value}%` }} />
                        </span>
                        <span className="funnel__value">{f.value}%</span>
                      </li>
                    ))}
                  </ul>
                </div>
                <div className="panel">
                  <div className="panel__head">
                    <span>Top channels</span>
                  </div>
                  <ul className="bars">
                    {CHANNELS.map((c) => (
                      <li key={c.name}>
                        <span className="bars__name">{c.name}</span>
                        <span className="bars__bar" style={{ width: `${c.share * 2.2}%` }} />
                        <span className="bars__value">{c.share}%</span>
                      </li>
                    ))}
                  </ul>
                </div>
                <div className="panel">
                  <div className="panel__head">
                    <span>Top pages</span>
                    <span className="muted">views</span>
                  </div>
                  <table className="table">
                    <tbody>
                      {PAGES.map((p) => (
                        <tr key={p.path}>
                          <td className="table__path">{p.path}</td>
                          <td>{p.views}</td>
                          <td className={p.up ? "delta delta--up" : "delta delta--down"}>{p.change}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        </div>
        {isHero && (
          <div className="dashboard__cta">
            <a className="btn btn--primary btn--lg" href="#trial" data-goal="start_trial">
              Connect your data
            </a>
            <a className="btn btn--ghost-light btn--lg" href="#demo" data-goal="book_demo">
              Explore the live demo
            </a>
          </div>
        )}
      </div>
    </section>
  );
}
