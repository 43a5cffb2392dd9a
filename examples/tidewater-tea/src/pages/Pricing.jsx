import Header from "../sections/Header.jsx";
import PlanTable from "../sections/PlanTable.jsx";
import PricingFaq from "../sections/PricingFaq.jsx";
import Reviews from "../sections/Reviews.jsx";
import JoinNow from "../sections/JoinNow.jsx";
import Footer from "../sections/Footer.jsx";

export function Pricing() {
  return (
    <main className="page pricing">
      <Header />
      <PlanTable highlight="none" />
      <PricingFaq />
      <Reviews compact={false} />
      <JoinNow urgent={false} />
      <Footer />
    </main>
  );
}
