import { createRoot } from "react-dom/client";
import Homepage from "./components/Homepage.jsx";
import "./styles/brand.css";

createRoot(document.getElementById("root")).render(<Homepage />);
