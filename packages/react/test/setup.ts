import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// React 19 warns on every update outside act() unless the environment says it is a test.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

// Testing Library unmounts by itself only where test globals are on; they are not here.
afterEach(() => {
  cleanup()
})
