const STORIES = [
  ["Maya, Pacific Crest Trail", "Three months, one tent, no leaks."],
  ["Jonas, Kungsleden", "The pack carried 14 kg without a complaint from my shoulders."],
  ["Ana, Torres del Paine", "Pitched in a gale in under four minutes."],
  ["Lee, Appalachian Trail", "Replaced a zip in a week, no questions."],
];

export function CustomerStories({ count = 2 }) {
  return (
    <section className="stories" data-section="stories" id="stories">
      <h2>From the trail</h2>
      {STORIES.slice(0, count).map(([who, said]) => (
        <blockquote key={who}>“{said}” <cite>{who}</cite></blockquote>
      ))}
    </section>
  );
}
