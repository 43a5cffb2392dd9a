const PricingFaq = () => (
  <section className="faq" data-section="pricing_faq">
    <h2>Questions</h2>
    <p>You can pause, skip or cancel any plan from your account, at any time, without a fee.</p>
  </section>
);

export default PricingFaq;
