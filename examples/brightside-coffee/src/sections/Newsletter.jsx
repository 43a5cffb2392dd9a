import { useState } from "react";

const Newsletter = () => {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const onSubmit = (event) => {
    event.preventDefault();
    if (email.includes("@")) setSent(true);
  };
  return (
    <section className="newsletter" data-section="newsletter" id="newsletter">
      <div className="shell newsletter__box">
        <div>
          <h2 className="heading heading--light">The Monday Roast letter</h2>
          <p className="newsletter__text">
            New micro-lots before they sell out, one brewing tip, and nothing else. Every Monday, 7 am.
          </p>
        </div>
        {sent ? (
          <p className="newsletter__thanks" role="status">
            Thanks! Check your inbox for 10% off your next bag.
          </p>
        ) : (
          <form className="newsletter__form" onSubmit={onSubmit}>
            <label className="visually-hidden" htmlFor="newsletter-email">
              Email address
            </label>
            <input
              id="newsletter-email"
              type="email"
              placeholder="you@example.com"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
            <button type="submit" className="button button--primary" data-goal="newsletter_signup">
              Sign me up
            </button>
          </form>
        )}
      </div>
    </section>
  );
};

export default Newsletter;
