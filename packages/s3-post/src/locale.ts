export default {
  strings: {
    // The policy answer does not have a shape the plugin knows; %{problem} says what is wrong.
    malformedPolicy:
      '%{name}: the upload policy could not be used: %{problem}. Check what the policy endpoint returns.',
    // The file (as it will be sent) is over the policy's content-length-range; %{size} and %{max} say how much.
    tooLarge: '%{name}: the file is %{size}, and the upload policy allows at most %{max}. Choose a smaller file.',
    // The file (as it will be sent) is under the policy's content-length-range (most often: it is empty).
    tooSmall: '%{name}: the file is %{size}, and the upload policy requires at least %{min}. Choose a larger file.',
  },
}
