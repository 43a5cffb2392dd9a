import Header from "./sections/Header.jsx";
import Promo from "./sections/Promo.jsx";
import ProductGrid from "./sections/ProductGrid.jsx";
import Testimonials from "./sections/Testimonials.jsx";
import Newsletter from "./sections/Newsletter.jsx";
import SiteFooter from "./sections/SiteFooter.jsx";

// The shop's single landing page; sections are configured in tailor.json.
const Landing = () => (
  <main className="landing" data-brand="shop-logo">
    <Header />
    <Promo />
    <ProductGrid layout="grid" limit={3} />
    <Testimonials />
    <Newsletter />
    <SiteFooter year={2025}>
      <a href="https://shop.example/legal">Legal</a>
    </SiteFooter>
  </main>
);

export default Landing;
