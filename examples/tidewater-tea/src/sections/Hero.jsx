const Hero = () => (
  <section className="hero" data-section="hero">
    <h1>Loose-leaf tea, picked this season</h1>
    <p>Small-garden teas from Darjeeling, Yunnan and Shizuoka, packed the week they reach us.</p>
    <a className="button" href="/pricing" data-route data-goal="see_pricing">See the plans</a>
  </section>
);

export default Hero;
