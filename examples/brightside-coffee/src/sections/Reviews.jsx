const REVIEWS = [
  {
    name: "Hannah K.",
    place: "Burlington, VT",
    coffee: "Ethiopia Yirgacheffe",
    text: "I didn't know coffee could taste like peaches until this bag. The roast date was two days before it arrived — you can tell.",
  },
  {
    name: "Luis M.",
    place: "Austin, TX",
    coffee: "Household subscription",
    text: "Two years on the Household plan. Skipping a delivery takes one click and they've never once sent a stale bag.",
  },
  {
    name: "Priya S.",
    place: "Seattle, WA",
    coffee: "Sunrise House Espresso",
    text: "Finally an espresso blend that's sweet without tasting burnt. Dialled in on my machine in three shots.",
  },
];

const Stars = ({ label = "5 out of 5 stars" }) => (
  <span className="stars" role="img" aria-label={label}>
    ★★★★★
  </span>
);

const Reviews = ({ compact = false }) => {
  if (compact) {
    return (
      <section className="reviews reviews--compact" data-section="reviews" id="reviews">
        <div className="shell reviews__strip">
          <div className="reviews__score">
            <strong>4.9</strong>
            <span>
              <Stars label="4.9 out of 5 stars" />
              3,214 verified reviews
            </span>
          </div>
          <blockquote className="reviews__pull">“{REVIEWS[0].text.split(".")[0]}.” — {REVIEWS[0].name}</blockquote>
          <a className="text-link" href="#all-reviews" data-goal="read_reviews">
            Read reviews →
          </a>
        </div>
      </section>
    );
  }
  return (
    <section className="reviews" data-section="reviews" id="reviews">
      <div className="shell">
        <div className="centered">
          <p className="kicker">4.9 out of 5 from 3,214 coffee drinkers</p>
          <h2 className="heading">What our regulars say</h2>
        </div>
        <div className="review-list">
          {REVIEWS.map((r) => (
            <figure className="review" key={r.name}>
              <Stars />
              <blockquote className="review__text">“{r.text}”</blockquote>
              <figcaption className="review__by">
                <span className="review__initial">{r.name[0]}</span>
                <span>
                  <strong>{r.name}</strong> · {r.place}
                  <br />
                  <small>Bought {r.coffee}</small>
                </span>
              </figcaption>
            </figure>
          ))}
        </div>
        <p className="centered">
          <a className="text-link" href="#all-reviews" data-goal="read_reviews">
            Read all reviews →
          </a>
        </p>
      </div>
    </section>
  );
};

export default Reviews;
