const Header = () => (
  <header className="header" data-section="header">
    <div className="shell header__row">
      <a className="brandmark" href="#top" data-brand="logo" aria-label="Brightside Coffee Roasters, home">
        <svg viewBox="0 0 40 40" width="36" height="36" aria-hidden="true" className="brandmark__sun">
          <circle cx="20" cy="22" r="9" className="brandmark__disc" />
          <g className="brandmark__rays">
            <path d="M20 4v5M8 10l3.5 3.5M32 10l-3.5 3.5M3 22h5M32 22h5" />
          </g>
          <path d="M4 31h32" className="brandmark__horizon" />
        </svg>
        <span className="brandmark__name">
          Brightside
          <small>Coffee Roasters</small>
        </span>
      </a>
      <nav className="header__nav" aria-label="Main">
        <a href="#shop">Shop coffee</a>
        <a href="#subscribe">Subscriptions</a>
        <a href="#brew">Brew guides</a>
        <a href="#origin">Our farms</a>
      </nav>
      <a className="cart-button" href="#cart" data-goal="view_cart">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M4 5h2l2 11h10l2-8H7" />
          <circle cx="10" cy="20" r="1.4" />
          <circle cx="17" cy="20" r="1.4" />
        </svg>
        Cart <span className="cart-button__count">2</span>
      </a>
    </div>
  </header>
);

export default Header;
