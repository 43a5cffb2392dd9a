import { Layout } from "./Layout.jsx";
import { SiteHeader } from "./sections/SiteHeader.jsx";
import { Hero } from "./sections/Hero.jsx";
import { PricingTable } from "./sections/PricingTable.jsx";
import { CustomerStories } from "./sections/CustomerStories.jsx";
import { BuyNow } from "./sections/BuyNow.jsx";
import { ShippingFaq } from "./sections/ShippingFaq.jsx";
import { SiteFooter } from "./sections/SiteFooter.jsx";

export function StorePage() {
  return (
    <Layout>
      <SiteHeader />
      <Hero />
      <PricingTable highlight="none" />
      <CustomerStories count={2} />
      <BuyNow urgent={false} />
      <ShippingFaq />
      <SiteFooter />
    </Layout>
  );
}
