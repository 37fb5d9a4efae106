import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'

/** Every mock route runs on Node (the raw socket is needed to stream bodies and to reset connections). */
export type MockEnv = {
  Bindings: HttpBindings
  Variables: {
    /** Response headers to leave out of `Access-Control-Expose-Headers` for this response (`hide-header` fault). */
    hiddenHeaders?: string[]
  }
}
export type MockContext = Context<MockEnv>
