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
  },
}
