const Newsletter = () => (
  <section className="newsletter" data-section="newsletter">
    <h2>A letter from the gardens, monthly</h2>
    <a className="button" href="#subscribe" data-goal="newsletter_signup">Sign up</a>
  </section>
);

export default Newsletter;
