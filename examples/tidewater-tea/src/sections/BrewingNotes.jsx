const BrewingNotes = () => (
  <section className="notes" data-section="brewing_notes">
    <h2>Brewing notes</h2>
    <p>Green teas at 75°C for two minutes; black teas just off the boil for four. Taste, then adjust by thirty seconds.</p>
  </section>
);

export default BrewingNotes;
