const Footer = () => (
  <footer className="footer" data-section="footer">
    <p data-brand="legal">© Tidewater Tea Co. Ltd, Bristol</p>
  </footer>
);

export default Footer;
