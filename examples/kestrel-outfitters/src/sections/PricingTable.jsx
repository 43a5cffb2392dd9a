export function PricingTable({ highlight = "none" }) {
  return (
    <section className={highlight === "bundle" ? "pricing pricing--bundle" : "pricing"} data-section="pricing" id="pricing">
      <h2>Prices</h2>
      <table>
        <tbody>
          <tr><td>Ridge 1 tent</td><td>$289</td></tr>
          <tr><td>Ridge 1 + Talon 40 pack</td><td>$419 <em>save $49</em></td></tr>
          <tr><td>Free returns within 60 days</td><td>$0</td></tr>
        </tbody>
      </table>
    </section>
  );
}
