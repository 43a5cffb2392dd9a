import clsx from "clsx";

export default function OrderNow({ urgent = false }) {
  return (
    <section className={clsx("card", "order", urgent && "order--urgent")} data-section="order_now">
      <h2>{urgent ? "Order today, collect tomorrow" : "Order a book"}</h2>
      <a href="#order" data-goal="order">Order for collection</a>
    </section>
  );
}
