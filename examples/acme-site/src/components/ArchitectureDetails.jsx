const PIPELINE = [
  { name: "SDKs & APIs", detail: "Web, iOS, Android, server, 40+ sources" },
  { name: "Edge ingest", detail: "18 regions · batching · bot filtering" },
  { name: "Stream enrich", detail: "Sessions, identity, geo, consent" },
  { name: "Columnar store", detail: "Compressed, partitioned, encrypted" },
  { name: "Query engine", detail: "Vectorised · p95 under 400 ms" },
];

const SPECS = [
  { value: "99.99%", label: "uptime SLA on Enterprise" },
  { value: "< 2 s", label: "event to dashboard, p99" },
  { value: "SOC 2 II", label: "plus ISO 27001 and HIPAA" },
  { value: "EU · US", label: "data residency, your choice" },
];

export default function ArchitectureDetails() {
  return (
    <section className="architecture" data-section="architecture_details" id="architecture">
      <div className="container">
        <div className="section-head section-head--light">
          <span className="eyebrow eyebrow--light">Platform</span>
          <h2 className="section-title">An architecture built for the firehose</h2>
          <p className="section-lead">
            Billions of events a day flow through the same pipeline that powers your dashboards. Nothing
            is sampled, nothing is pre-aggregated, and every stage is observable.
          </p>
        </div>
        <ol className="pipeline">
          {PIPELINE.map((stage, i) => (
            <li className="pipeline__stage" key={stage.name}>
              <span className="pipeline__index">{i + 1}</span>
              <strong className="pipeline__name">{stage.name}</strong>
              <span className="pipeline__detail">{stage.detail}</span>
            </li>
          ))}
        </ol>
        <dl className="specs">
          {SPECS.map((s) => (
            <div className="spec" key={s.label}>
              <dt className="spec__value">{s.value}</dt>
              <dd className="spec__label">{s.label}</dd>
            </div>
          ))}
        </dl>
        <a className="link-arrow link-arrow--light" href="https://docs.acme.example/architecture" data-goal="view_docs">
          Read the architecture whitepaper →
        </a>
      </div>
    </section>
  );
}
