export default {
  strings: {
    // The policy answer does not have a shape the plugin knows; %{problem} is one of the strings below.
    malformedPresign:
      '%{names}: the upload policy could not be used: %{problem}. Check what the policy endpoint returns.',
    // The answer is none of the known shapes.
    presignShapeExpected:
      'expected Leonardo’s { uploadInitImage | uploadDatasetImage }, Typebot’s { presignedUrl, formData, fileUrl } or { url, fields }',
    // Leonardo's `fields` string does not parse.
    presignFieldsNotJson: 'Leonardo sent `fields` that are not valid JSON',
    // Leonardo's answer lacks its url or fields.
    presignWithoutFields: 'Leonardo sent no url or fields',
    // Typebot's answer lacks formData.
    presignWithoutFormData: 'Typebot sent no formData object',
    // Typebot's answer lacks fileUrl.
    presignWithoutFileUrl: 'Typebot sent no fileUrl, so the file could not be found after upload',
    // The file (as it will be sent) is over the policy's content-length-range; %{size} and %{max} are exact byte
    // counts, %{sizeRounded} and %{maxRounded} the same rounded (`10 MiB`).
    tooLarge:
      '%{name}: the file is %{size} bytes (%{sizeRounded}), and the upload policy allows at most %{max} bytes (%{maxRounded}). Choose a smaller file.',
    // The file (as it will be sent) is under the policy's content-length-range (most often: it is empty); as above.
    tooSmall:
      '%{name}: the file is %{size} bytes (%{sizeRounded}), and the upload policy requires at least %{min} bytes (%{minRounded}). Choose a larger file.',
    // What awsS3SignRequest signs, in the message that refuses @uppy/aws-s3's multipart steps.
    awsS3Signer: 'a POST policy',
  },
}
