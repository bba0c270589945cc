// A word cloud in the quiz editor: nothing but the prompt.

import { NO_FIELDS, QUESTION_PROMPT } from "./editor-fields";
import type { KindEditor } from "./types";

export const wordCloudEditor: KindEditor = { ...NO_FIELDS, ...QUESTION_PROMPT };
