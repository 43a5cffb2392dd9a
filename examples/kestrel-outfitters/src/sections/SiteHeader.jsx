export function SiteHeader() {
  return (
    <header className="site-header" data-section="site-header">
      <span className="logo" data-brand="logo">Kestrel Outfitters</span>
      <nav><a href="#pricing">Prices</a> <a href="#stories">Stories</a> <a href="#buy">Buy</a></nav>
    </header>
  );
}
