const CUSTOMERS = ["Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"];

export default function Hero() {
  return (
    <section className="hero" data-section="hero" id="top">
      <div className="hero__glow" aria-hidden="true" />
      <div className="container hero__inner">
        <a className="pill" href="#metrics">
          <span className="pill__tag">New</span>
          Real-time funnels are here
          <span aria-hidden="true">→</span>
        </a>
        <h1 className="hero__title">
          Know what your users do —<br />
          <span className="gradient-text">the second they do it.</span>
        </h1>
        <p className="hero__lead">
          Acme Analytics turns every click, scroll and signup into live answers. Funnels, retention
          and revenue in one place, with queries that come back before you finish your coffee.
        </p>
        <div className="hero__ctas">
          <a className="btn btn--primary btn--lg" href="#trial" data-goal="start_trial">
            Start your free trial
          </a>
          <a className="btn btn--ghost btn--lg" href="#demo" data-goal="book_demo">
            Book a 20-minute demo
          </a>
        </div>
        <p className="hero__fineprint">14-day trial · No credit card · Set up in under 5 minutes</p>
        <div className="hero__customers">
          <p className="hero__customers-label">Trusted by product teams at 2,400+ companies</p>
          <ul className="logo-strip">
            {CUSTOMERS.map((name) => (
              <li key={name} className="logo-strip__item">
                {name}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
