const Promo = () => (
  <section className="promo" data-section="promo" id="top">
    <div className="shell promo__grid">
      <div className="promo__copy">
        <p className="kicker">Small-batch · Roasted in Portland, Maine</p>
        <h1 className="promo__title">
          Roasted on Monday.
          <br />
          <em>In your cup by Wednesday.</em>
        </h1>
        <p className="promo__lead">
          Single-origin coffee from twelve family farms we know by name, roasted to order in small
          batches and shipped the same day. Freshness you can smell when you open the box.
        </p>
        <div className="promo__actions">
          <a className="button button--primary" href="#shop" data-goal="shop_now">
            Shop this week's roasts
          </a>
          <a className="button button--outline" href="#subscribe" data-goal="start_subscription">
            Build a subscription
          </a>
        </div>
        <ul className="promo__perks">
          <li>Free shipping over $35</li>
          <li>Roast date on every bag</li>
          <li>Pause or skip any time</li>
        </ul>
      </div>
      <div className="promo__art" aria-hidden="true">
        <div className="promo__badge">
          <strong>20%</strong>
          off your first bag
        </div>
        <svg viewBox="0 0 320 320" className="cup">
          <circle cx="160" cy="160" r="150" className="cup__halo" />
          <path d="M122 70c-12 16 12 26 0 44M160 58c-14 20 14 30 0 54M198 70c-12 16 12 26 0 44" className="cup__steam" />
          <ellipse cx="160" cy="262" rx="118" ry="18" className="cup__saucer" />
          <path d="M80 140h160v46c0 44-36 76-80 76s-80-32-80-76z" className="cup__body" />
          <path d="M240 156h14c16 0 26 12 26 26s-10 26-26 26h-20" className="cup__handle" />
          <ellipse cx="160" cy="140" rx="80" ry="14" className="cup__rim" />
          <ellipse cx="160" cy="141" rx="68" ry="9" className="cup__coffee" />
          <path d="M140 141c8-5 32-5 40 0-8 4-32 4-40 0z" className="cup__crema" />
        </svg>
      </div>
    </div>
  </section>
);

export default Promo;
