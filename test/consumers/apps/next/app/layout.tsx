import type { Metadata } from 'next'

// create-next-app's layout without its Google fonts (next/font/google downloads them at build time; the test
// machines reach the npm registry only) and without its demo styles.
export const metadata: Metadata = {
  title: 'uppy-presign in Next.js',
  description: 'A consumer app of @uppy-presign/react',
}

export default function RootLayout({ children }: LayoutProps<'/'>) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
