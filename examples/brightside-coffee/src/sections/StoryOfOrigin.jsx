const FACTS = [
  { value: "12", label: "partner farms in 7 countries" },
  { value: "2.4×", label: "Fairtrade minimum, paid on average" },
  { value: "9 yrs", label: "our longest farm partnership" },
];

const StoryOfOrigin = () => (
  <section className="origin" data-section="story_of_origin" id="origin">
    <div className="shell origin__grid">
      <div className="origin__art" aria-hidden="true">
        <svg viewBox="0 0 480 360" preserveAspectRatio="xMidYMid slice">
          <rect width="480" height="360" className="origin__sky" />
          <circle cx="360" cy="96" r="44" className="origin__sun" />
          <path d="M0 210 Q120 130 240 190 T480 170 V360 H0z" className="origin__hill origin__hill--far" />
          <path d="M0 260 Q140 190 280 250 T480 230 V360 H0z" className="origin__hill origin__hill--mid" />
          <path d="M0 310 Q160 260 320 300 T480 290 V360 H0z" className="origin__hill origin__hill--near" />
          {[60, 110, 160, 210, 260].map((x, i) => (
            <g key={x} className="origin__bush" transform={`translate(${x} ${292 - (i % 2) * 10})`}>
              <circle r="13" />
              <circle cx="-10" cy="6" r="9" />
              <circle cx="10" cy="6" r="9" />
            </g>
          ))}
        </svg>
        <span className="origin__caption">Finca La Esperanza · Huila, Colombia · 1,750 m</span>
      </div>
      <div className="origin__copy">
        <p className="kicker">Our story</p>
        <h2 className="heading">It started with one farm and a borrowed roaster</h2>
        <p>
          In 2016 Maya Ortiz came home from a harvest in Huila with a suitcase of green coffee and a
          promise to the Ramírez family: pay properly, buy every year, and tell people whose coffee
          this is. We still roast on that same 5-kilo Diedrich on Commercial Street.
        </p>
        <p>
          Today we buy directly from twelve farms, publish every price we pay, and print the producer's
          name on every bag.
        </p>
        <dl className="facts">
          {FACTS.map((f) => (
            <div key={f.label}>
              <dt>{f.value}</dt>
              <dd>{f.label}</dd>
            </div>
          ))}
        </dl>
        <a className="text-link" href="#transparency" data-goal="read_story">
          Read our transparency report →
        </a>
      </div>
    </div>
  </section>
);

export default StoryOfOrigin;
