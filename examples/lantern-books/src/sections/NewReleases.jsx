import clsx from "clsx";
import books from "../books.json";

export default function NewReleases() {
  return (
    <section className={clsx("card", "new-releases")} data-section="new_releases">
      <h2>New this month</h2>
      <ul>
        {books.newReleases.map((book) => (
          <li key={book.title}>{book.title} — {book.author}</li>
        ))}
      </ul>
    </section>
  );
}
