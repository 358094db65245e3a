import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** The API runs on the platform server; in `vite dev` requests are forwarded to it. */
const apiTarget = process.env.LIENTHONG_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": apiTarget,
      "/readyz": apiTarget,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
});
