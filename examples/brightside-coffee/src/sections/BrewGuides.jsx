const GUIDES = [
  {
    method: "Pour-over",
    gear: "V60 or Kalita Wave",
    ratio: "1 : 16",
    time: "3:30",
    grind: "Medium-fine",
    icon: <path d="M10 14h28l-10 16h-8zM20 30v6h8v-6M8 40h32" />,
  },
  {
    method: "AeroPress",
    gear: "Inverted method",
    ratio: "1 : 14",
    time: "2:00",
    grind: "Fine",
    icon: <path d="M16 6h16v28H16zM14 34h20v4H14zM20 6V2h8v4M18 42h12" />,
  },
  {
    method: "French press",
    gear: "Any 1 L press",
    ratio: "1 : 15",
    time: "4:00",
    grind: "Coarse",
    icon: <path d="M12 12h22v28H12zM34 18h4v14h-4M23 12V4M17 4h12M12 40h22" />,
  },
];

const BrewGuides = () => (
  <section className="guides" data-section="brew_guides" id="brew">
    <div className="shell">
      <div className="centered">
        <p className="kicker">Brew guides</p>
        <h2 className="heading">Better coffee at home, in four minutes or less</h2>
        <p className="lede">
          Our roasters' recipes for every method, tested on the same beans we ship. Print them, stick
          them on the fridge, and tweak from there.
        </p>
      </div>
      <div className="guide-list">
        {GUIDES.map((g) => (
          <article className="guide" key={g.method}>
            <svg viewBox="0 0 48 48" width="48" height="48" className="guide__icon" aria-hidden="true">
              {g.icon}
            </svg>
            <h3 className="guide__method">{g.method}</h3>
            <p className="guide__gear">{g.gear}</p>
            <dl className="guide__stats">
              <div>
                <dt>Ratio</dt>
                <dd>{g.ratio}</dd>
              </div>
              <div>
                <dt>Time</dt>
                <dd>{g.time}</dd>
              </div>
              <div>
                <dt>Grind</dt>
                <dd>{g.grind}</dd>
              </div>
            </dl>
            <a className="text-link" href={`#guide-${g.method.toLowerCase().replace(/\s+/g, "-")}`} data-goal="read_guide">
              Read the recipe →
            </a>
          </article>
        ))}
      </div>
    </div>
  </section>
);

export default BrewGuides;
