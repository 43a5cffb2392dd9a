import { createRoot } from "react-dom/client"; import Landing from "./Landing.jsx"; createRoot(document.getElementById("root")).render(<Landing />);
