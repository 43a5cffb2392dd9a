const COLUMNS = [
  { title: "Product", links: ["Dashboards", "Funnels", "Retention", "Experiments", "Pricing"] },
  { title: "Developers", links: ["Documentation", "SDKs", "HTTP API", "Status", "Changelog"] },
  { title: "Company", links: ["About", "Customers", "Careers", "Press", "Contact"] },
];

export default function Footer() {
  return (
    <footer className="footer" data-section="footer">
      <div className="container footer__inner">
        <div className="footer__brand">
          <span className="footer__logo">
            <svg className="logo-mark" viewBox="0 0 32 32" width="26" height="26" aria-hidden="true">
              <rect className="logo-mark__bg" x="0" y="0" width="32" height="32" rx="8" />
              <rect className="logo-mark__bar" x="7" y="17" width="4" height="8" rx="1.5" />
              <rect className="logo-mark__bar" x="14" y="12" width="4" height="13" rx="1.5" />
              <rect className="logo-mark__bar logo-mark__bar--hot" x="21" y="7" width="4" height="18" rx="1.5" />
            </svg>
            Acme Analytics
          </span>
          <p>Real-time product analytics for teams who would rather know than guess.</p>
        </div>
        {COLUMNS.map((col) => (
          <div className="footer__col" key={col.title}>
            <h4>{col.title}</h4>
            <ul>
              {col.links.map((l) => (
                <li key={l}>
                  <a href={`#${l.toLowerCase().replace(/\s+/g, "-")}`}>{l}</a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <div className="container footer__legal" data-brand="legal">
        <span>© 2025 Acme Analytics, Inc. All rights reserved.</span>
        <span className="footer__legal-links">
          <a href="#privacy">Privacy</a>
          <a href="#terms">Terms</a>
          <a href="#security">Security</a>
          <a href="#cookies">Cookie settings</a>
        </span>
      </div>
    </footer>
  );
}
