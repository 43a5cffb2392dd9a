export default function QuickCTA({ prominent = false }) {
  if (prominent) {
    return (
      <section className="cta cta--prominent" data-section="quick_cta" id="trial">
        <div className="container cta__inner">
          <h2 className="cta__title">Start seeing your product clearly — today.</h2>
          <p className="cta__lead">
            Free for 14 days on every plan. Your first dashboard is live five minutes after you paste one
            line of code.
          </p>
          <div className="cta__buttons">
            <a className="btn btn--light btn--xl" href="#trial" data-goal="start_trial">
              Start free trial
            </a>
            <a className="btn btn--ghost-light btn--xl" href="#demo" data-goal="book_demo">
              Talk to sales
            </a>
          </div>
          <ul className="cta__points">
            <li>No credit card</li>
            <li>Cancel any time</li>
            <li>Free migration from GA4 &amp; Mixpanel</li>
          </ul>
        </div>
      </section>
    );
  }
  return (
    <section className="cta" data-section="quick_cta" id="trial">
      <div className="container cta__inner cta__inner--row">
        <div>
          <h2 className="cta__title">Ready to see your own data?</h2>
          <p className="cta__lead">Free for 14 days. No credit card needed.</p>
        </div>
        <div className="cta__buttons">
          <a className="btn btn--primary" href="#trial" data-goal="start_trial">
            Start free trial
          </a>
          <a className="btn btn--ghost" href="#demo" data-goal="book_demo">
            Book a demo
          </a>
        </div>
      </div>
    </section>
  );
}
