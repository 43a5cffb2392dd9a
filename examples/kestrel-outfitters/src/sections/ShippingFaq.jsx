const ANSWERS = [
  ["When does it ship?", "Orders before 2 pm ship the same day from our workshop."],
  ["Can I return used gear?", "Yes: within 60 days, on the trail or not."],
  ["Do you repair?", "Every Kestrel shelter gets free repairs for five years."],
];

export function ShippingFaq() {
  return (
    <section className="faq" data-section="shipping-faq">
      <h2>Shipping and returns</h2>
      {ANSWERS.map(([q, a]) => (
        <details key={q}><summary>{q}</summary><p>{a}</p></details>
      ))}
    </section>
  );
}
