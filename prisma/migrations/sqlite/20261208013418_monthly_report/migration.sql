-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Network" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "workspace" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "intervalWeeks" INTEGER NOT NULL DEFAULT 1,
    "weekOfMonth" INTEGER,
    "weekday" INTEGER NOT NULL,
    "firstDate" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL DEFAULT 90,
    "teachingMinutes" INTEGER NOT NULL DEFAULT 25,
    "casesPerSession" INTEGER NOT NULL DEFAULT 2,
    "videoLink" TEXT NOT NULL,
    "reminderOffsets" TEXT NOT NULL DEFAULT '15m',
    "agendaOffsets" TEXT NOT NULL DEFAULT '1d',
    "itOffsets" TEXT NOT NULL DEFAULT '30m',
    "warningOffsets" TEXT NOT NULL DEFAULT '2d',
    "surveyQuestions" TEXT NOT NULL DEFAULT '[]',
    "surveyCloseDays" INTEGER NOT NULL DEFAULT 7,
    "surveyReminderDays" INTEGER NOT NULL DEFAULT 2,
    "recordingNudge" BOOLEAN NOT NULL DEFAULT true,
    "monthlyReport" BOOLEAN NOT NULL DEFAULT true,
    "rotationAskDays" INTEGER NOT NULL DEFAULT 7,
    "askTimeoutHours" INTEGER NOT NULL DEFAULT 48,
    "caseDueDays" INTEGER NOT NULL DEFAULT 2,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Network" ("agendaOffsets", "askTimeoutHours", "cadence", "caseDueDays", "casesPerSession", "channel", "createdAt", "durationMinutes", "firstDate", "id", "intervalWeeks", "itOffsets", "name", "platform", "recordingNudge", "reminderOffsets", "rotationAskDays", "startTime", "surveyCloseDays", "surveyQuestions", "surveyReminderDays", "teachingMinutes", "timeZone", "updatedAt", "videoLink", "warningOffsets", "weekOfMonth", "weekday", "workspace") SELECT "agendaOffsets", "askTimeoutHours", "cadence", "caseDueDays", "casesPerSession", "channel", "createdAt", "durationMinutes", "firstDate", "id", "intervalWeeks", "itOffsets", "name", "platform", "recordingNudge", "reminderOffsets", "rotationAskDays", "startTime", "surveyCloseDays", "surveyQuestions", "surveyReminderDays", "teachingMinutes", "timeZone", "updatedAt", "videoLink", "warningOffsets", "weekOfMonth", "weekday", "workspace" FROM "Network";
DROP TABLE "Network";
ALTER TABLE "new_Network" RENAME TO "Network";
CREATE UNIQUE INDEX "Network_channel_key" ON "Network"("channel");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
