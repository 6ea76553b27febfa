import { defineConfig } from '@playwright/test';

// The server is started by scripts/test.sh; BASE_URL says where.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  // One retry in CI: Leptos' async SSR rarely leaves a response unfinished (answered with a
  // 503 after 30 s); see the session note.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        // The framing test serves the host page from localhost and frames 127.0.0.1; without
        // this, Chromium's local-network checks refuse the request before our headers matter.
        '--disable-features=LocalNetworkAccessChecks',
      ],
    },
    trace: 'off',
  },
});
