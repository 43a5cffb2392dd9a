const Header = () => (
  <header className="header" data-section="header">
    <a className="logo" href="/" data-route data-brand="logo">Tidewater Tea Co.</a>
    <nav aria-label="Main">
      <a href="/" data-route>Teas</a>
      <a href="/pricing" data-route>Pricing</a>
    </nav>
  </header>
);

export default Header;
