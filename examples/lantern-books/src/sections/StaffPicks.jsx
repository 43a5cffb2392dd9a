import clsx from "clsx";
import books from "../books.json";

export default function StaffPicks({ count = 2 }) {
  return (
    <section className={clsx("card", "staff-picks", { "card--featured": count > 2 })} data-section="staff_picks">
      <h2>Staff picks</h2>
      {books.staffPicks.slice(0, count).map((pick) => (
        <blockquote key={pick.title}>{pick.title}: “{pick.note}” — {pick.by}</blockquote>
      ))}
    </section>
  );
}
