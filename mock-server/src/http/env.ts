import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'

/**
 * On Node the bindings carry the raw request and socket (to stream bodies and to reset connections); the in-page
 * mock has none. Only `platform/node.ts` reads them.
 */
export type MockEnv = {
  Bindings: Partial<HttpBindings>
  Variables: {
    /** Response headers to leave out of `Access-Control-Expose-Headers` for this response (`hide-header` fault). */
    hiddenHeaders?: string[]
  }
}
export type MockContext = Context<MockEnv>
