export default function BookClub() {
  return (
    <section className="card book-club" data-section="book_club">
      <h2>The book club</h2>
      <p>First Thursday of the month, upstairs, with tea.</p>
    </section>
  );
}
