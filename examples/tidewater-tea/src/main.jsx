import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import Home from "./pages/Home.jsx";
import { Pricing } from "./pages/Pricing.jsx";
import "./tea.css";

// URL path → page: the same table as "pages" in tailor.json
const PAGES = { "/": Home, "/pricing": Pricing };

/** A single-page app: links marked data-route change the page with pushState, Back with popstate. */
function App() {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const back = () => setPath(window.location.pathname);
    const follow = (event) => {
      const link = event.target.closest("a[data-route]");
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
        return;
      }
      event.preventDefault();
      window.history.pushState({}, "", link.getAttribute("href"));
      setPath(window.location.pathname);
      window.scrollTo(0, 0);
    };
    window.addEventListener("popstate", back);
    document.addEventListener("click", follow);
    return () => {
      window.removeEventListener("popstate", back);
      document.removeEventListener("click", follow);
    };
  }, []);
  const Page = PAGES[path] || Home;
  return <Page />;
}

createRoot(document.getElementById("root")).render(<App />);
