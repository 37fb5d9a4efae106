/** The words of the steps after a Leonardo upload (generations, datasets); an app replaces any through `locale`. */
export const leonardoStepLocale = {
  strings: {
    // %{what} in the messages below, for a generation started from an init image.
    whatGeneration: 'the generation',
    // %{what} for reading a generation back; %{generationId} is its id.
    whatGenerationRead: 'reading generation %{generationId}',
    // %{what} for creating a dataset; %{name} is its name.
    whatDataset: 'creating the dataset "%{name}"',
    // The request breaks Leonardo's documented rules; %{problems} lists each with its JSON path.
    invalidRequest: 'Leonardo would refuse %{what}: %{problems}. Nothing was sent.',
    // Leonardo (or the app's proxy) answered an error; %{said} is its own message, with the path it names.
    refused: 'Leonardo refused %{what} (%{status}): %{said}.',
    // No answer; %{reason} is the browser's.
    unreachable: 'Leonardo (%{url}) could not be reached for %{what}: %{reason}. Check the connection and try again.',
    // The answer is not the documented shape; %{problem} is one of the strings below.
    malformedAnswer: 'Leonardo answered %{what} with something unexpected: %{problem}.',
    // An answer that is not JSON.
    notJson: 'not JSON',
    // A generation answer without sdGenerationJob.generationId.
    noGenerationId: 'no sdGenerationJob.generationId',
    // A dataset answer without insert_datasets_one.id.
    noDatasetId: 'no insert_datasets_one.id',
    // A generation answer without a known status.
    noGeneration: 'no generations_by_pk with an id and a status of PENDING, COMPLETE or FAILED',
    // The generation ended FAILED; %{reason} is what Leonardo said about it, when it said anything.
    failed:
      'Generation %{generationId} FAILED at Leonardo%{reason}. Check that the init image opens as the format its extension declares, then start the generation again.',
    // Leonardo answers null for the generation's id.
    notFound: 'Leonardo knows no generation %{generationId}. Start a new generation.',
    // Still PENDING when the wait was up; %{seconds} is how long the kit waited.
    timedOut:
      'Generation %{generationId} was still PENDING after %{seconds} s. It may still finish: read it again later, or wait longer (poll.timeoutMs).',
    // Hint: the refusal is about the prompt.
    hintPrompt: 'Give the generation a prompt: Leonardo requires one, with an init image too.',
    // Hint: the refusal is about init_image_id.
    hintInitImage:
      'Use the id an init image upload returned (leonardo.initImage): a dataset image\u2019s id, or an unknown id, is no init image.',
    // Hint: 401.
    hintKey: 'The app\u2019s server sent an API key Leonardo does not accept: check the key leonardoProxy is given.',
    // Hint: 403 (most often the app's proxy: allow.generations / allow.createDatasets).
    hintNotAllowed:
      'The app\u2019s server does not allow this from browsers (leonardoProxy: allow.generations, allow.createDatasets).',
    // Hint: 429 or 5xx.
    hintLater: 'Try again in a moment.',
  },
}

export type LeonardoStepStrings = typeof leonardoStepLocale.strings
