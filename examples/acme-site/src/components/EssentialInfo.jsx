const KEY_POINTS = [
  { title: "Live in 5 minutes", body: "Paste one snippet. Pages, clicks and signups are captured automatically." },
  { title: "Free up to 10M events", body: "Then $0.00025 per event. No seats, no surprises on the invoice." },
  { title: "Private by design", body: "SOC 2 Type II, GDPR-ready, EU or US hosting. We never sell data." },
];

const MORE = [
  { title: "Every integration you use", body: "Segment, Stripe, HubSpot, Salesforce, Snowflake, BigQuery and 40 more." },
  { title: "Unlimited dashboards", body: "Share them with a link, embed them, or send them to Slack every Monday." },
  { title: "Single sign-on", body: "SAML and SCIM on Business plans, with role-based access to every report." },
  { title: "7 years of retention", body: "Keep raw events as long as you need them, queryable at full speed." },
  { title: "Human support", body: "Real engineers reply in under 2 hours on weekdays, on every plan." },
  { title: "Open exports", body: "Stream or download raw events any time. No lock-in, ever." },
];

export default function EssentialInfo({ only = "all" }) {
  const keyOnly = only === "key_points";
  const items = keyOnly ? KEY_POINTS : [...KEY_POINTS, ...MORE];
  return (
    <section
      className={keyOnly ? "essentials essentials--key" : "essentials"}
      data-section="essential_info"
      id="pricing"
    >
      <div className="container">
        <div className="section-head">
          <span className="eyebrow">{keyOnly ? "The short version" : "Everything you need to know"}</span>
          <h2 className="section-title">{keyOnly ? "Three things to know" : "Plans, security and support"}</h2>
        </div>
        <ul className={keyOnly ? "info-list info-list--key" : "info-list"}>
          {items.map((item) => (
            <li className="info" key={item.title}>
              <span className="info__icon" aria-hidden="true">
                <svg viewBox="0 0 20 20" width="20" height="20">
                  <path d="M5 10.5l3.2 3.2L15 7" />
                </svg>
              </span>
              <div>
                <h3 className="info__title">{item.title}</h3>
                <p className="info__body">{item.body}</p>
              </div>
            </li>
          ))}
        </ul>
        {!keyOnly && (
          <p className="essentials__note">
            Questions? <a href="#demo" data-goal="book_demo">Talk to a product specialist</a> or{" "}
            <a href="https://docs.acme.example/pricing" data-goal="view_docs">compare plans in detail</a>.
          </p>
        )}
      </div>
    </section>
  );
}
