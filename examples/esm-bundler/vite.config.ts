import { defineConfig } from "vite";

// Nothing to configure for the widget itself: it is a plain ES module with its types. Set
// VITE_NEXUS_API_URL to point the page at your server.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true },
});
