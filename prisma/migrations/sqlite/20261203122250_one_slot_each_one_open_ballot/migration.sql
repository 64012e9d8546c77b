-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN "openFor" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_openFor_key" ON "Ballot"("openFor");

-- CreateIndex
CREATE UNIQUE INDEX "PresenterSlot_sessionId_memberId_key" ON "PresenterSlot"("sessionId", "memberId");

-- Data: a ballot that is open when this migration runs holds its network's open slot (the newest, should there be two).
UPDATE "Ballot" SET "openFor" = "networkId"
WHERE "closedAt" IS NULL AND "createdAt" = (
  SELECT MAX(c."createdAt") FROM "Ballot" c WHERE c."networkId" = "Ballot"."networkId" AND c."closedAt" IS NULL);
