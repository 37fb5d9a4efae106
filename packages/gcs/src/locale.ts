export default {
  strings: {
    // The maxFileSize option (by default Startrail's "filesize < 2^31"); %{size} and %{max} are exact byte counts,
    // %{sizeRounded} and %{maxRounded} the same rounded (`2 GiB`).
    tooLarge: '%{name} is %{size} bytes; files here must be at most %{max} bytes.',
    // A file name that breaks Startrail's rules while automatic renaming is off; %{problems} are whole sentences.
    badName:
      '%{name}: %{problems} Rename the file, or turn on uniqueNames to let the uploader make a safe unique name.',
    // A name renaming cannot repair (Startrail needs an extension, and a name cannot say which one the file should have).
    noExtension: '%{name}: %{problems}',
    // uniqueNames: false, and another file of the same upload is signed under the same name, not yet uploaded: both
    // would write one object.
    nameHeldByAnother:
      '%{name}: another file of this upload is already signed under this name, and names here are not made unique (uniqueNames: false): rename one of them, or turn on uniqueNames.',
    // One of %{problems}: the name has whitespace; %{suggestion} is the name with dashes instead.
    nameHasSpaces:
      '"%{name}" contains spaces, and file names here may not (rule noSpaces): rename it without spaces, e.g. "%{suggestion}".',
    // One of %{problems}: the name has no extension.
    nameNeedsExtension:
      '"%{name}" has no file extension, and file names here need one (rule needsExtension): add the one that matches the file\'s type, e.g. ".jpg" or ".pdf".',
    // A file's meta.category is not one of the `categories` option; %{category} is its value, %{allowed} the list.
    categoryNotAllowed:
      '%{name}: its category "%{category}" (meta.category) is not one files may have here: choose one of %{allowed} for this file, then retry.',
    // A file with no category of its own gets the signing function's default, which is not one of `categories`.
    defaultCategoryNotAllowed:
      '%{name} has no category of its own (meta.category), and the default, "%{category}", is not one files may have here: choose one of %{allowed} for this file, then retry.',
    // The signing answer cannot be used; %{names} is the file's own name (or the batch's names when the whole answer
    // is unusable), %{problem} is one of the four strings below.
    malformedPresign:
      '%{names}: the signed-URL response could not be used: %{problem}. Check what the signing endpoint returns.',
    // The answer is neither Startrail's { results } nor a list.
    presignShapeExpected: 'expected { results: [...] } or a list of { url, contentType }',
    // The answer's results name other files; %{name} is the name asked for, %{index} the result's position,
    // %{other} the name it is for.
    presignResultForOther: 'no result is for %{name} (result %{index} is for %{other})',
    // The result for %{name} has no URL.
    presignResultWithoutUrl: 'the result for %{name} lacks a url, which the signature covers',
    // What awsS3SignRequest signs, in the message that refuses @uppy/aws-s3's multipart steps.
    awsS3Signer: 'a GCS signed URL',
    // The result for %{name} has no Content-Type.
    presignResultWithoutType: 'the result for %{name} lacks its contentType, which the signature covers',

    // startrailReads: a download (a signed GET) that failed. Each message is a reason and a hint, in one string:
    // %{name} is the stored file's name, %{said} the storage's status and code (`403 SignatureDoesNotMatch`),
    // %{signed} the Content-Type the read URL was signed for, %{received} the one the storage received.
    // The storage received another Content-Type than the one signed, and the download sent the signed one.
    readTypeChangedOnTheWay:
      '%{name}: the read URL was signed for Content-Type "%{signed}" and the download sent that, but the storage received "%{received}" (%{said}). Something between the page and the storage (a proxy, a service worker) changed Content-Type; it must arrive exactly as signed.',
    // The download sent another Content-Type than the one signed.
    readTypeSentOther:
      '%{name}: the read URL was signed for Content-Type "%{signed}", but the download sent "%{received}" (%{said}). Send exactly the contentType the signedUrls answer gave, as download() does.',
    // The download sent the signed Content-Type, but the storage received none (GCS: MalformedSecurityHeader).
    readTypeRemovedOnTheWay:
      '%{name}: the read URL signs Content-Type "%{signed}" and the download sent it, but the storage received none (%{said}). Something between the page and the storage (a proxy, a service worker) removed it; it must arrive exactly as signed.',
    // The storage refused the signature and shows nothing to compare.
    readSignatureRefused:
      "%{name}: the storage refused the read URL's signature (%{said}). Download it with download(), objectUrl() or save(), which send the signed Content-Type; if they did, the signer's credentials are wrong.",
    // The read URL lapsed, and so did the one signed again after it.
    readExpired:
      "%{name}: the read URL expired before the download reached the storage (%{said}), and so did a fresh one. Check the device's clock, and download files soon after signing them (URLs live 15 minutes).",
    // Nothing is stored under this name; %{category} is the Startrail category it was read under.
    readNotStored:
      '%{name} (%{category}): nothing is stored under this name (%{said}). Check the file name and category (as the upload result gave them), or upload the file first.',
    // The storage rate-limits (429, 503, SlowDown), still after the retries.
    readSlowDown:
      '%{name}: the storage asked to slow down (%{said}). Try again in a moment, or download fewer files at once.',
    // The storage failed (5xx), still after the retries.
    readStorageFailed:
      '%{name}: the storage failed to serve the download (%{said}). The failure is on the storage side; try again later.',
    // Any other refusal; %{message} is the storage's own words, or a piece of its answer.
    readRefused:
      '%{name}: the storage refused the download (%{said}: %{message}). Check the read URL and the bucket settings.',
    // No answer at all (status 0); %{origin} is the page's origin.
    readNoResponse:
      "%{name}: the download got no response (status 0): the network failed, or the bucket's CORS rules do not allow a GET with a Content-Type header from %{origin}. Check the network, and that the bucket's CORS rule for this origin allows method GET and header Content-Type.",
    // A file to read has no category, neither its own nor the client's.
    readNoCategory:
      '%{name}: no category to read it under; Startrail signs a download for a file name and its category. Pass category with the file, or to startrailReads({ category }).',
    // A name Startrail would never have stored; %{problems} are nameHasSpaces / nameNeedsExtension sentences.
    readBadName: '%{name}: %{problems} Read the file under the name it was stored as (fileName in the upload result).',
  },
}
