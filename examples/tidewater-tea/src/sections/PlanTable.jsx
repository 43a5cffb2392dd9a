const PLANS = [
  { id: "monthly", name: "Monthly tin", price: "£12 a month" },
  { id: "yearly", name: "Yearly chest", price: "£120 a year" },
];

const PlanTable = ({ highlight = "none" }) => (
  <section className="plans" data-section="plan_table">
    <h2>Plans</h2>
    <ul>
      {PLANS.map((plan) => (
        <li key={plan.id} className={plan.id === highlight ? "plan plan--highlight" : "plan"}>
          <strong>{plan.name}</strong> {plan.price}
        </li>
      ))}
    </ul>
  </section>
);

export default PlanTable;
