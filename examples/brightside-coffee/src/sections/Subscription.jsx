const PLANS = [
  { name: "Solo", bags: "1 bag", every: "every 2 weeks", price: 16, blurb: "One 12 oz bag — about 24 cups." },
  { name: "Household", bags: "2 bags", every: "every 2 weeks", price: 29, blurb: "Two different origins, chosen by our roasters.", popular: true },
  { name: "Office", bags: "5 lb", every: "every week", price: 74, blurb: "Espresso or filter, with a free grinder on year plans." },
];

const Subscription = ({ featured = false }) => {
  if (featured) {
    return (
      <section className="subscribe subscribe--featured" data-section="subscription" id="subscribe">
        <div className="shell">
          <div className="subscribe__intro">
            <p className="kicker kicker--light">The Brightside Club</p>
            <h2 className="heading heading--light">Never run out of good coffee again</h2>
            <p className="subscribe__lead">
              Pick a rhythm, we pick the beans. Members save 15% on every bag, get first taste of
              micro-lots, and can pause, skip or swap with one click.
            </p>
          </div>
          <div className="plans">
            {PLANS.map((p) => (
              <article key={p.name} className={p.popular ? "plan plan--popular" : "plan"}>
                {p.popular && <span className="plan__ribbon">Most popular</span>}
                <h3 className="plan__name">{p.name}</h3>
                <p className="plan__bags">
                  {p.bags} <span>{p.every}</span>
                </p>
                <p className="plan__price">
                  ${p.price}
                  <span>/delivery</span>
                </p>
                <p className="plan__blurb">{p.blurb}</p>
                <a
                  className={p.popular ? "button button--primary button--block" : "button button--outline button--block"}
                  href={`#subscribe-${p.name.toLowerCase()}`}
                  data-goal="start_subscription"
                >
                  Choose {p.name}
                </a>
              </article>
            ))}
          </div>
        </div>
      </section>
    );
  }
  return (
    <section className="subscribe" data-section="subscription" id="subscribe">
      <div className="shell subscribe__row">
        <div className="subscribe__stamp" aria-hidden="true">
          <span>15%</span>
          off
        </div>
        <div>
          <h2 className="subscribe__title">Subscribe &amp; save 15% on every bag</h2>
          <p className="subscribe__text">
            Fresh coffee on your schedule — every week, two weeks or month. Skip or cancel any time.
          </p>
        </div>
        <a className="button button--primary" href="#subscribe-household" data-goal="start_subscription">
          Start a subscription
        </a>
      </div>
    </section>
  );
};

export default Subscription;
