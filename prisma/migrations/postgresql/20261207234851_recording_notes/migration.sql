-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "note" TEXT;

-- CreateIndex
CREATE INDEX "Recording_sessionId_idx" ON "Recording"("sessionId");
