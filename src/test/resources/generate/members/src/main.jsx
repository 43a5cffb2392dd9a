import { createRoot } from "react-dom/client"; import Home from "./Home.jsx"; createRoot(document.getElementById("root")).render(<Home />);
