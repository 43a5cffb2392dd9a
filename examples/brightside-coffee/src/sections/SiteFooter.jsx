const LINKS = {
  Shop: ["All coffee", "Subscriptions", "Gift cards", "Brewing gear"],
  Learn: ["Brew guides", "Our farms", "Transparency report", "Wholesale"],
  Help: ["Shipping", "Returns", "Contact us", "FAQ"],
};

const SiteFooter = () => (
  <footer className="site-footer" data-section="site_footer">
    <div className="shell site-footer__grid">
      <div className="site-footer__about">
        <p className="site-footer__name">Brightside Coffee Roasters</p>
        <p>
          118 Commercial Street, Portland, ME 04101
          <br />
          Café open daily 7 am – 4 pm
        </p>
      </div>
      {Object.entries(LINKS).map(([title, items]) => (
        <nav key={title} className="site-footer__col" aria-label={title}>
          <h3>{title}</h3>
          <ul>
            {items.map((item) => (
              <li key={item}>
                <a href={`#${item.toLowerCase().replace(/\s+/g, "-")}`}>{item}</a>
              </li>
            ))}
          </ul>
        </nav>
      ))}
    </div>
    <div className="shell site-footer__legal" data-brand="legal">
      <span>© 2025 Brightside Coffee Roasters LLC</span>
      <span>
        <a href="#privacy">Privacy</a> · <a href="#terms">Terms of sale</a>
      </span>
    </div>
  </footer>
);

export default SiteFooter;
