import React from "react";
import { createRoot } from "react-dom/client";
import Landing from "./pages/Landing.jsx";
import "./theme/site.css";

const root = createRoot(document.getElementById("root"));
root.render(
  <React.StrictMode>
    <Landing />
  </React.StrictMode>
);
