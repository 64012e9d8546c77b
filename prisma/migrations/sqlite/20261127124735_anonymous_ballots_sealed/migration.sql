-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_VoterMark" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ballotId" TEXT NOT NULL,
    "voter" TEXT NOT NULL,
    "sealed" TEXT,
    CONSTRAINT "VoterMark_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_VoterMark" ("ballotId", "id", "voter") SELECT "ballotId", "id", "voter" FROM "VoterMark";
DROP TABLE "VoterMark";
ALTER TABLE "new_VoterMark" RENAME TO "VoterMark";
CREATE UNIQUE INDEX "VoterMark_ballotId_voter_key" ON "VoterMark"("ballotId", "voter");
CREATE TABLE "new_Vote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ballotId" TEXT NOT NULL,
    "voter" TEXT NOT NULL,
    "picks" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Vote_ballotId_fkey" FOREIGN KEY ("ballotId") REFERENCES "Ballot" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Vote" ("ballotId", "id", "picks", "updatedAt", "voter") SELECT "ballotId", "id", "picks", "updatedAt", "voter" FROM "Vote";
DROP TABLE "Vote";
ALTER TABLE "new_Vote" RENAME TO "Vote";
CREATE UNIQUE INDEX "Vote_ballotId_voter_key" ON "Vote"("ballotId", "voter");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
