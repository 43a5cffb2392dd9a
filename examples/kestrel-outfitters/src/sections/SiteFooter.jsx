export function SiteFooter() {
  return (
    <footer className="site-footer" data-section="site-footer">
      <nav>
        <a href="#pricing">Prices</a> · <a href="#stories">Stories</a> · <a href="#buy">Buy</a>
      </nav>
      <p>Kestrel Outfitters, 12 Ridge Road, Bend, Oregon. Open every day but Sunday.</p>
      <small data-brand="legal">© 2026 Kestrel Outfitters</small>
    </footer>
  );
}
