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
    "rotationAskDays" INTEGER NOT NULL DEFAULT 7,
    "askTimeoutHours" INTEGER NOT NULL DEFAULT 48,
    "caseDueDays" INTEGER NOT NULL DEFAULT 2,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Network" ("agendaOffsets", "askTimeoutHours", "cadence", "caseDueDays", "casesPerSession", "channel", "createdAt", "durationMinutes", "firstDate", "id", "intervalWeeks", "itOffsets", "name", "platform", "reminderOffsets", "rotationAskDays", "startTime", "surveyQuestions", "teachingMinutes", "timeZone", "updatedAt", "videoLink", "warningOffsets", "weekOfMonth", "weekday") SELECT "agendaOffsets", "askTimeoutHours", "cadence", "caseDueDays", "casesPerSession", "channel", "createdAt", "durationMinutes", "firstDate", "id", "intervalWeeks", "itOffsets", "name", "platform", "reminderOffsets", "rotationAskDays", "startTime", "surveyQuestions", "teachingMinutes", "timeZone", "updatedAt", "videoLink", "warningOffsets", "weekOfMonth", "weekday" FROM "Network";
DROP TABLE "Network";
ALTER TABLE "new_Network" RENAME TO "Network";
CREATE UNIQUE INDEX "Network_channel_key" ON "Network"("channel");
CREATE TABLE "new_Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "networkId" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "spokeId" TEXT,
    "mutedKinds" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "guest" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Member_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "Network" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Member_spokeId_fkey" FOREIGN KEY ("spokeId") REFERENCES "Spoke" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Member" ("createdAt", "displayName", "id", "mutedKinds", "networkId", "role", "spokeId", "updatedAt", "user") SELECT "createdAt", "displayName", "id", "mutedKinds", "networkId", "role", "spokeId", "updatedAt", "user" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE UNIQUE INDEX "Member_networkId_user_key" ON "Member"("networkId", "user");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
