import lantern from "../lantern.svg";

export default function Masthead() {
  return (
    <header className="masthead" data-section="masthead">
      <img src={lantern} alt="" data-brand="logo" />
      <strong>Lantern Books</strong>
    </header>
  );
}
