export function BuyNow({ urgent = false }) {
  return (
    <section className={urgent ? "buy buy--urgent" : "buy"} data-section="buy" id="buy">
      <h2>{urgent ? "Ships today" : "Ready when you are"}</h2>
      <button type="button" data-goal="checkout">Buy the Ridge 1</button>
    </section>
  );
}
