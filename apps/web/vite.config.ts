import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The API runs on the platform server; in `vite dev` requests are forwarded to it. Sign-in goes
 * through the server's OpenID provider, which sends the browser to PUBLIC_URL: start the server
 * with PUBLIC_URL set to this dev server's address (e.g. http://localhost:5173).
 */
const apiTarget = process.env.LIENTHONG_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": apiTarget,
      "/readyz": apiTarget,
      "/auth": apiTarget,
      "/oidc": apiTarget,
      // The interaction page itself is the app's; only its JSON steps go to the server.
      "^/interaction/[^/]+/.+": apiTarget,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
});
