import { IpfsUpload } from './ipfs-upload'

// A server component. The mock server's URL comes with the request (`?mock=`), so the page renders per request and
// the uploader is server-rendered with its real endpoint: Next.js runs the client component, and with it every
// module of @uppy-presign/react, @uppy-presign/ipfs and @uppy/core it imports, in Node, where there is no window.
export default async function Home({ searchParams }: PageProps<'/'>) {
  const { mock } = await searchParams
  return (
    <main>
      <h1>Mint an image</h1>
      <IpfsUpload endpoint={`${typeof mock === 'string' ? mock : ''}/app/nft2`} />
    </main>
  )
}
