export function Hero() {
  return (
    <section className="hero" data-section="hero">
      <h1>Gear that earns its place in your pack</h1>
      <p>Ultralight shelters and packs, tested on the trail before they reach the shop.</p>
    </section>
  );
}
