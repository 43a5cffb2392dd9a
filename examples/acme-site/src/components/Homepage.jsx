import Navigation from "./Navigation.jsx";
import Hero from "./Hero.jsx";
import AnalyticsDashboard from "./AnalyticsDashboard.jsx";
import QuickMetrics from "./QuickMetrics.jsx";
import TechnicalDeepDive from "./TechnicalDeepDive.jsx";
import CaseStudies from "./CaseStudies.jsx";
import ArchitectureDetails from "./ArchitectureDetails.jsx";
import QuickCTA from "./QuickCTA.jsx";
import EssentialInfo from "./EssentialInfo.jsx";
import Footer from "./Footer.jsx";

export default function Homepage() {
  return (
    <div className="homepage">
      <Navigation />
      <Hero />
      <AnalyticsDashboard position="default" />
      <QuickMetrics realTime={false} />
      <TechnicalDeepDive />
      <CaseStudies expanded={false} />
      <ArchitectureDetails />
      <QuickCTA prominent={false} />
      <EssentialInfo only="all" />
      <Footer />
    </div>
  );
}
