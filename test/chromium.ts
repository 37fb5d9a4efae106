/**
 * How every browser test and benchmark launches Chromium: Debian's build, never a Playwright download (the test
 * machines download from package registries only), headless, with nothing running in the background that could skew a measurement.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}
