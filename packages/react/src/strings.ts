/** Every word the results panel shows, for translation. */
export interface UploadResultsStrings {
  /** The panel's accessible name (its `aria-label`). */
  title: string
  /** Status of a file not yet started. */
  waiting: string
  /** Status of a file being sent. */
  uploading: string
  /** Status of a file stored. */
  success: string
  /** Status of a file that failed. */
  error: string
  /** Label of the IPFS content identifier. */
  cid: string
  /** Label of the `ipfs://` link. */
  ipfsLink: string
  /** Label of the gateway link. */
  gatewayLink: string
  /** The copy button. */
  copyCid: string
  /** The copy button, once the CID is on the clipboard. */
  copied: string
  /** The copy button when the clipboard refused (the CID is then selected, for Ctrl+C). */
  copyFailed: string
  /** Label of the CID check (`verifyCid`: the CID computed in the browser, compared with the gateway's). */
  cidCheck: string
  /** The CID check passed: the gateway's CID is the CID of the file's own bytes. */
  cidVerified: string
  /** The CID check could not be made; the reason follows it. */
  cidNotVerified: string
  /** Label of Startrail's `finalUrl`. */
  finalUrl: string
  /** Label of Typebot's `fileUrl`. */
  fileUrl: string
  /** Label of the object's URL in the bucket (S3 POST `location`). */
  location: string
  /** Label of Leonardo's image id. */
  imageId: string
  /** Label of the Startrail category a GCS upload was signed for (where its final URL points). */
  category: string
  /** Label of the Content-Type a GCS upload was signed for. */
  contentType: string
  /** Label of the name a file was stored under (GCS). */
  storedAs: string
  /** Label of the upload URL when the result has none of the fields above. */
  uploadUrl: string
  /** The retry button of a failed file. */
  retry: string
  /** Label of an uploaded init image's Leonardo generation (`<S3PostUploader generate>`). */
  generation: string
  /** The generation is under way (Leonardo's PENDING). */
  generationPending: string
  /** The generation ended COMPLETE. */
  generationComplete: string
  /** The generation ended FAILED, or could not be started; the reason follows it. */
  generationFailed: string
  /** The alt text of a generated image, before its number ("Generated image 1 of 2: photo.png"). */
  generatedImage: string
  /** Between a generated image's number and their count. */
  of: string
  /** The button that starts a failed generation again. */
  generateAgain: string
}

export const defaultUploadResultsStrings: UploadResultsStrings = {
  title: 'Upload results',
  waiting: 'Waiting',
  uploading: 'Uploading',
  success: 'Uploaded',
  error: 'Failed',
  cid: 'CID',
  ipfsLink: 'IPFS',
  gatewayLink: 'Gateway',
  copyCid: 'Copy CID',
  copied: 'Copied',
  copyFailed: 'Copy failed: press Ctrl+C',
  cidCheck: 'CID check',
  cidVerified: "Verified: the file's own bytes give this CID",
  cidNotVerified: 'Not verified',
  finalUrl: 'Final URL',
  fileUrl: 'File URL',
  location: 'Location',
  imageId: 'Image ID',
  category: 'Category',
  contentType: 'Content-Type',
  storedAs: 'Stored as',
  uploadUrl: 'URL',
  retry: 'Retry',
  generation: 'Generation',
  generationPending: 'Generating',
  generationComplete: 'Generated',
  generationFailed: 'Failed',
  generatedImage: 'Generated image',
  of: 'of',
  generateAgain: 'Generate again',
}
