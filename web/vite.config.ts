/// <reference types="vitest/config" />
import { defineConfig } from "vite";

export default defineConfig({
  build: { outDir: "dist", assetsDir: "assets", sourcemap: false, target: "es2020" },
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/media": "http://127.0.0.1:8000", "/socket.io": { target: "http://127.0.0.1:8000", ws: true } } },
  // Unit tests of the client's state handling (pure modules; window is stubbed where used).
  test: { environment: "node", include: ["src/**/*.test.ts"], setupFiles: ["src/test-setup.ts"] },
});
