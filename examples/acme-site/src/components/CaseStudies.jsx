const STUDIES = [
  {
    company: "Northwind Retail",
    industry: "E-commerce · 1,200 employees",
    metric: "+31%",
    metricLabel: "checkout conversion",
    summary: "Found the shipping-cost surprise that was killing checkout, and fixed it in a week.",
    challenge:
      "Northwind's analytics ran on a nightly warehouse job. By the time the team saw a drop in checkout, a full day of revenue was gone.",
    solution:
      "They moved checkout instrumentation to Acme's SDK and built a live funnel from cart to payment, split by device and shipping region.",
    results: ["31% lift in checkout conversion", "Incidents spotted in minutes, not days", "Retired three legacy dashboards"],
    quote: "We used to find out about problems from the finance team. Now we find out from Acme, while they're happening.",
    person: "Dana Whitfield",
    role: "VP Product, Northwind Retail",
    initials: "DW",
  },
  {
    company: "Globex Health",
    industry: "Health tech · HIPAA workloads",
    metric: "4.2×",
    metricLabel: "faster analysis",
    summary: "Gave 60 product managers self-serve answers without a single new data engineer.",
    challenge:
      "Every product question at Globex went through a two-week queue to a small data team, and most answers arrived after the decision was made.",
    solution:
      "Acme's governed event catalogue and saved queries let PMs explore on their own, with PHI kept out by field-level controls.",
    results: ["Questions answered 4.2× faster", "Data team freed for modelling work", "HIPAA review passed first time"],
    quote: "Acme is the first analytics tool our compliance team actually likes. Product managers stopped waiting and started shipping.",
    person: "Marcus Oyelaran",
    role: "Director of Data, Globex Health",
    initials: "MO",
  },
  {
    company: "Initech Cloud",
    industry: "B2B SaaS · Series C",
    metric: "−18%",
    metricLabel: "logo churn",
    summary: "Predicted at-risk accounts from usage signals and saved them before renewal.",
    challenge:
      "Initech's customer success team only learned an account was unhappy when the cancellation email arrived.",
    solution:
      "Account-level retention cohorts and usage alerts in Acme now flag drops in seat activity two months ahead of renewal.",
    results: ["18% fewer churned logos", "$2.1M ARR retained in year one", "CS playbooks triggered automatically"],
    quote: "The retention view paid for Acme in the first quarter. It is the screen our CS leads open every morning.",
    person: "Priya Raman",
    role: "COO, Initech Cloud",
    initials: "PR",
  },
];

function ShortCard({ study }) {
  return (
    <article className="case-card">
      <div className="case-card__top">
        <span className="case-card__company">{study.company}</span>
        <span className="case-card__industry">{study.industry}</span>
      </div>
      <div className="case-card__metric">
        {study.metric}
        <span>{study.metricLabel}</span>
      </div>
      <p className="case-card__summary">{study.summary}</p>
      <blockquote className="quote quote--small">
        <p>“{study.quote}”</p>
        <footer>
          <span className="avatar">{study.initials}</span>
          <span>
            <strong>{study.person}</strong>
            <br />
            {study.role}
          </span>
        </footer>
      </blockquote>
    </article>
  );
}

function FullStudy({ study }) {
  return (
    <article className="case-full">
      <div className="case-full__aside">
        <span className="case-card__company">{study.company}</span>
        <span className="case-card__industry">{study.industry}</span>
        <div className="case-card__metric case-card__metric--big">
          {study.metric}
          <span>{study.metricLabel}</span>
        </div>
      </div>
      <div className="case-full__body">
        <h3 className="case-full__title">{study.summary}</h3>
        <div className="case-full__cols">
          <div>
            <h4>The challenge</h4>
            <p>{study.challenge}</p>
          </div>
          <div>
            <h4>The solution</h4>
            <p>{study.solution}</p>
          </div>
        </div>
        <h4>The results</h4>
        <ul className="checks">
          {study.results.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
        <blockquote className="quote">
          <p>“{study.quote}”</p>
          <footer>
            <span className="avatar">{study.initials}</span>
            <span>
              <strong>{study.person}</strong>
              <br />
              {study.role}
            </span>
          </footer>
        </blockquote>
      </div>
    </article>
  );
}

export default function CaseStudies({ expanded = false }) {
  return (
    <section
      className={expanded ? "cases cases--expanded" : "cases"}
      data-section="case_studies"
      id="customers"
    >
      <div className="container">
        <div className="section-head">
          <span className="eyebrow">Customer stories</span>
          <h2 className="section-title">Teams that stopped guessing</h2>
          <p className="section-lead">
            From two-person startups to public companies, product teams use Acme to see what changed, why,
            and what to do next.
          </p>
        </div>
        {expanded ? (
          <div className="case-list">
            {STUDIES.map((s) => (
              <FullStudy key={s.company} study={s} />
            ))}
          </div>
        ) : (
          <div className="case-grid">
            {STUDIES.map((s) => (
              <ShortCard key={s.company} study={s} />
            ))}
          </div>
        )}
        <div className="cases__more">
          <a className="link-arrow" href="#customers" data-goal="read_case_studies">
            {expanded ? "Download all 24 case studies (PDF) →" : "Read the full stories →"}
          </a>
        </div>
      </div>
    </section>
  );
}
