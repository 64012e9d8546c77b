/** Every kind of durable job the scheduler runs, by kind. */
import { caseHandlers } from "./cases/jobs";
import { curriculumHandlers } from "./curriculum/jobs";
import type { JobHandler } from "./jobs/runner";
import { presenterHandlers } from "./presenters/jobs";
import { reminderHandlers } from "./reminders/handlers";

export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  ...reminderHandlers,
  ...curriculumHandlers,
  ...presenterHandlers,
  ...caseHandlers,
};
