import "./store.css";

// The store's frame. A layout class Tailor's plan sets (pricing-first, stories-first) is passed on.
export function Layout({ className, children }) {
  return <div className={className ? "store " + className : "store"}>{children}</div>;
}
