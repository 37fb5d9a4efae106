/**
 * How every browser test and benchmark launches Chromium: Debian's build, never a Playwright download (none is
 * possible here; TOOLCHAIN.md), headless, with nothing running in the background that could skew a measurement.
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
