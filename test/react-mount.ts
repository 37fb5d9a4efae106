import type { ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach } from 'vitest'

/**
 * Mounts a React element as an app mounts it, outside act(): in the browser tests updates come from real network
 * events, and the locators wait for what a person would see. Each test's element is unmounted after it.
 */
export function useReactMount(): (element: ReactNode) => void {
  let unmount: (() => void) | undefined
  afterEach(() => {
    unmount?.()
    unmount = undefined
  })
  return (element) => {
    unmount?.()
    const container = document.createElement('div')
    document.body.append(container)
    const root = createRoot(container)
    root.render(element)
    unmount = () => {
      root.unmount()
      container.remove()
    }
  }
}
