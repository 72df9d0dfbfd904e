import { defineConfig } from "vite";

/** The hub the dev server forwards the API and socket.io to (`npm start -w server` listens on 8080). */
const HUB = "http://localhost:8080";

export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 900 },
  worker: { format: "es" },
  server: {
    proxy: {
      "/api": { target: HUB, changeOrigin: true },
      "/socket.io": { target: HUB, changeOrigin: true, ws: true },
    },
  },
  preview: {
    proxy: {
      "/api": { target: HUB, changeOrigin: true },
      "/socket.io": { target: HUB, changeOrigin: true, ws: true },
    },
  },
});
