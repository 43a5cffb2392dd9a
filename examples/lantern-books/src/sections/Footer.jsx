export default function Footer() {
  return (
    <footer className="footer" data-section="footer">
      <p data-brand="legal">© Lantern Books Ltd</p>
    </footer>
  );
}
