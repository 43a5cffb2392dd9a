import React from "react";
import { Tabs } from "./ui/Tabs.jsx";
import Header from "./sections/Header.jsx";
import Features from "./sections/Features.jsx";
import Pricing from "./sections/Pricing.jsx";
import Footer from "./sections/Footer.jsx";

// Member JSX (React.Fragment, Tabs.Panel) next to the cataloged sections.
export default function Home() {
  return (
    <div className="home">
      <Header />
      <React.Fragment>
        <p>Welcome</p>
      </React.Fragment>
      <Features />
      <Tabs.Panel title="More">
        <p>More to read</p>
      </Tabs.Panel>
      <Pricing plan="monthly" />
      <Footer />
    </div>
  );
}
