const FEATURES = [
  {
    title: "One line to install",
    body: "A 9 kB first-party SDK with automatic page, click and form capture. Typed events when you want them, zero config when you don't.",
  },
  {
    title: "SQL when you need it",
    body: "Every chart is a query you can open, edit and save. Join product events with billing and CRM tables without an export.",
  },
  {
    title: "Warehouse-native",
    body: "Stream raw events to Snowflake, BigQuery or Postgres in real time. Your data stays yours, in your schema.",
  },
];

// Each line is a list of [token kind, text]; kinds map to .tok-* colours in brand.css.
const CODE = [
  [["k", "import"], ["", " { acme } "], ["k", "from"], ["", " "], ["s", '"@acme/analytics"'], ["", ";"]],
  [],
  [["", "acme."], ["f", "init"], ["", "("], ["s", '"pk_live_4f2a9c"'], ["", ", {"]],
  [["", "  autocapture: "], ["k", "true"], ["", ","]],
  [["", "  region: "], ["s", '"eu"'], ["", ","]],
  [["", "});"]],
  [],
  [["c", "// typed, validated, real-time"]],
  [["", "acme."], ["f", "track"], ["", "("], ["s", '"plan_upgraded"'], ["", ", {"]],
  [["", "  plan: "], ["s", '"growth"'], ["", ","]],
  [["", "  seats: "], ["n", "25"], ["", ","]],
  [["", "  mrr: "], ["n", "1250"], ["", ","]],
  [["", "});"]],
];

export default function TechnicalDeepDive() {
  return (
    <section className="deep-dive" data-section="technical_deep_dive" id="developers">
      <div className="container deep-dive__inner">
        <div className="deep-dive__copy">
          <span className="eyebrow">For engineers</span>
          <h2 className="section-title">Instrument once. Ask anything, forever.</h2>
          <p className="section-lead">
            Acme captures events at the edge, enriches them with sessions and identity, and makes them
            queryable in under a second. No tracking plans to babysit, no sampling.
          </p>
          <ul className="feature-list">
            {FEATURES.map((f, i) => (
              <li key={f.title} className="feature">
                <span className="feature__num">0{i + 1}</span>
                <div>
                  <h3 className="feature__title">{f.title}</h3>
                  <p className="feature__body">{f.body}</p>
                </div>
              </li>
            ))}
          </ul>
          <a className="link-arrow" href="https://docs.acme.example/sdk" data-goal="view_docs">
            Read the SDK docs →
          </a>
        </div>
        <div className="code-card" aria-label="Code sample">
          <div className="code-card__tabs">
            <span className="is-active">app.js</span>
            <span>query.sql</span>
          </div>
          <pre className="code">
            <code>
              {CODE.map((line, i) => (
                <span className="code__line" key={i}>
                  <span className="code__ln">{i + 1}</span>
                  {line.map(([kind, text], j) => (
                    <span key={j} className={kind ? `tok-${kind}` : undefined}>
                      {text}
                    </span>
                  ))}
                  {"\n"}
                </span>
              ))}
            </code>
          </pre>
          <div className="code-card__foot">
            <span className="status-dot" /> Event received in 41 ms · visible in dashboards instantly
          </div>
        </div>
      </div>
    </section>
  );
}
