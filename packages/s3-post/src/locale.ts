export default {
  strings: {
    // The policy answer does not have a shape the plugin knows; %{problem} says what is wrong.
    malformedPolicy: '%{name}: the upload policy could not be used: %{problem}',
  },
}
