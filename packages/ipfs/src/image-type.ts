// Only a file that arrives without a type needs its bytes read: the sniffer loads with the first such file, so
// the plugin's up-front code stays without it.
export { imageTypeOf } from '@uppy-presign/core'
