const REVIEWS = [
  { name: "Aoife R.", text: "The sencha is the freshest I have had outside Japan." },
  { name: "Tom W.", text: "Skipping a month is one click, and the tins are lovely." },
];

const Reviews = ({ compact = false }) => (
  <section className={compact ? "reviews reviews--compact" : "reviews"} data-section="reviews">
    <h2>What tea drinkers say</h2>
    {(compact ? REVIEWS.slice(0, 1) : REVIEWS).map((review) => (
      <blockquote key={review.name}>
        “{review.text}” <cite>{review.name}</cite>
      </blockquote>
    ))}
  </section>
);

export default Reviews;
