import { defineConfig } from "vite";

// The example's .tsx files name React as their JSX runtime themselves (the repository's default
// is Preact, which the widget uses), so no React plugin is needed to build it.
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true },
});
