/**
 * The store: one repository file per feature (each implementing that feature's `ports.ts`), bound together to one
 * client or to one transaction's. Rows are mapped to the core's own records, with stored strings checked against the
 * core's enumerations.
 */
import type { Store } from "../core/ports";
import { attendanceRepository } from "./attendance";
import { caseRepository } from "./cases";
import type { Client } from "./client";
import { curriculumRepositories } from "./curriculum";
import type { Db } from "./database";
import type { Provider } from "./engine";
import { createJobQueue } from "./jobs";
import { memberRepository } from "./members";
import { networkRepository } from "./networks";
import { auditLog, conversationRefs, healthCheck, installations, pendingFiles, requestLedger } from "./platform";
import { presenterRepositories } from "./presenters";
import { recordingRepository } from "./recordings";
import { fanOutRepository } from "./reminders";
import { reportRepository } from "./reports";
import { sessionRepository } from "./sessions";
import { surveyRepository } from "./surveys";

function bind(db: Client, root: Db | undefined, provider: Provider): Store {
  const store: Store = {
    jobs: createJobQueue(db, provider),
    ...curriculumRepositories(db, provider),
    ...presenterRepositories(db, provider),
    cases: caseRepository(db),
    attendance: attendanceRepository(db),
    surveys: surveyRepository(db),
    fanOuts: fanOutRepository(db),
    requests: requestLedger(db),
    conversations: conversationRefs(db),
    installations: installations(db),
    pendingFiles: pendingFiles(db),
    recordings: recordingRepository(db),
    reports: reportRepository(db),
    health: healthCheck(db, provider),
    networks: networkRepository(db, provider),
    members: memberRepository(db),
    sessions: sessionRepository(db, provider),
    audit: auditLog(db),
    // inside a transaction, nested calls join it
    transaction: (work) =>
      root
        ? root.$transaction((tx) => work(bind(tx, undefined, provider)), { timeout: 20_000, maxWait: 20_000 })
        : work(store),
  };
  return store;
}

export const createStore = (db: Db, provider: Provider): Store => bind(db, db, provider);
