import Header from "../sections/Header.jsx";
import Promo from "../sections/Promo.jsx";
import ProductGrid from "../sections/ProductGrid.jsx";
import Subscription from "../sections/Subscription.jsx";
import BrewGuides from "../sections/BrewGuides.jsx";
import Reviews from "../sections/Reviews.jsx";
import StoryOfOrigin from "../sections/StoryOfOrigin.jsx";
import Newsletter from "../sections/Newsletter.jsx";
import SiteFooter from "../sections/SiteFooter.jsx";

const Landing = () => (
  <main className="landing">
    <Header />
    <Promo />
    <ProductGrid layout="grid" limit={6} />
    <Subscription featured={false} />
    <BrewGuides />
    <Reviews compact={false} />
    <StoryOfOrigin />
    <Newsletter />
    <SiteFooter />
  </main>
);

export default Landing;
