/** The package's version, for the plugin's `static VERSION` (a test keeps it equal to package.json's): importing
 * package.json would put all of it, description and keywords too, into every app's bundle. */
export const version = '0.1.0'
