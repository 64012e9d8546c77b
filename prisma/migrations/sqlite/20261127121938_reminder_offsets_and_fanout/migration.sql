-- CreateTable
CREATE TABLE "FanOut" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "networkId" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "message" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Network" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "channel" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
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
    "rotationAskDays" INTEGER NOT NULL DEFAULT 7,
    "caseDueDays" INTEGER NOT NULL DEFAULT 2,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Network" ("cadence", "caseDueDays", "casesPerSession", "channel", "createdAt", "durationMinutes", "firstDate", "id", "intervalWeeks", "name", "platform", "reminderOffsets", "rotationAskDays", "startTime", "surveyQuestions", "teachingMinutes", "timeZone", "updatedAt", "videoLink", "weekOfMonth", "weekday") SELECT "cadence", "caseDueDays", "casesPerSession", "channel", "createdAt", "durationMinutes", "firstDate", "id", "intervalWeeks", "name", "platform", "reminderOffsets", "rotationAskDays", "startTime", "surveyQuestions", "teachingMinutes", "timeZone", "updatedAt", "videoLink", "weekOfMonth", "weekday" FROM "Network";
DROP TABLE "Network";
ALTER TABLE "new_Network" RENAME TO "Network";
CREATE UNIQUE INDEX "Network_channel_key" ON "Network"("channel");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
