import { createRoot } from "react-dom/client";
import BookshopPage from "./BookshopPage.jsx";

createRoot(document.getElementById("root")).render(<BookshopPage />);
