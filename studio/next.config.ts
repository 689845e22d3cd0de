import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

// The browser talks only to this server: API requests, including the test-call WebSocket
// upgrade, are passed on to the runtime service's API on 127.0.0.1.
// NOTE: Next.js stores rewrites in the build (routes-manifest.json), so the API port is fixed
// when the studio is built; rebuild after changing CALLFLOW_API_PORT.
const apiPort = process.env.CALLFLOW_API_PORT ?? "4000";

const config: NextConfig = {
  // The end-to-end tests build into their own folder, so that they never replace the build
  // that npm start serves.
  distDir: process.env.CALLFLOW_STUDIO_DIST_DIR ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  async rewrites() {
    return [{ source: "/api/:path*", destination: `http://127.0.0.1:${apiPort}/api/:path*` }];
  },
};

export default withNextIntl(config);
