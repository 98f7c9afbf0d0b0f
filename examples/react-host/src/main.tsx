/** @jsxImportSource react */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { SupportPage } from "./support-page.js";

const root = document.getElementById("root");
if (!root) throw new Error("index.html lacks #root");
createRoot(root).render(
  <StrictMode>
    <SupportPage
      apiUrl={import.meta.env.VITE_NEXUS_API_URL ?? "http://127.0.0.1:8787"}
      experienceId={import.meta.env.VITE_NEXUS_EXPERIENCE_ID ?? "demo"}
    />
  </StrictMode>,
);
