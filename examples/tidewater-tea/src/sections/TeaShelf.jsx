const TEAS = [
  { name: "First Flush Darjeeling", note: "muscatel, bright", price: "£9" },
  { name: "Yunnan Gold", note: "honey, malt", price: "£8" },
  { name: "Shizuoka Sencha", note: "grassy, sweet", price: "£10" },
];

const TeaShelf = ({ layout = "grid" }) => (
  <section className={"shelf shelf--" + layout} data-section="tea_shelf">
    <h2>On the shelf</h2>
    <ul>
      {TEAS.map((tea) => (
        <li key={tea.name}>
          <strong>{tea.name}</strong> <span>{tea.note}</span> <em>{tea.price}</em>
        </li>
      ))}
    </ul>
  </section>
);

export default TeaShelf;
