export default function Navigation() {
  return (
    <header className="nav" data-section="navigation">
      <div className="container nav__inner">
        <a className="nav__logo" href="#top" data-brand="logo" aria-label="Acme Analytics home">
          <svg className="logo-mark" viewBox="0 0 32 32" width="30" height="30" aria-hidden="true">
            <rect className="logo-mark__bg" x="0" y="0" width="32" height="32" rx="8" />
            <rect className="logo-mark__bar" x="7" y="17" width="4" height="8" rx="1.5" />
            <rect className="logo-mark__bar" x="14" y="12" width="4" height="13" rx="1.5" />
            <rect className="logo-mark__bar logo-mark__bar--hot" x="21" y="7" width="4" height="18" rx="1.5" />
          </svg>
          <span className="nav__wordmark">
            Acme<span className="nav__wordmark-light"> Analytics</span>
          </span>
        </a>
        <nav className="nav__links" aria-label="Primary">
          <a href="#dashboard">Product</a>
          <a href="#customers">Customers</a>
          <a href="#architecture">Platform</a>
          <a href="#pricing">Pricing</a>
          <a href="https://docs.acme.example" data-goal="view_docs">Docs</a>
        </nav>
        <div className="nav__actions">
          <a className="nav__signin" href="#signin">Sign in</a>
          <a className="btn btn--primary btn--sm" href="#trial" data-goal="start_trial">
            Start free trial
          </a>
        </div>
      </div>
    </header>
  );
}
