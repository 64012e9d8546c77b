-- AlterTable
ALTER TABLE "Network" ADD COLUMN     "askTimeoutHours" INTEGER NOT NULL DEFAULT 48;

-- AlterTable
ALTER TABLE "CaseForm" ADD COLUMN     "outcomeAt" TIMESTAMP(3),
ADD COLUMN     "recommendedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SlotAsk" (
    "id" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "askedAt" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),

    CONSTRAINT "SlotAsk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlotAsk_slotId_memberId_key" ON "SlotAsk"("slotId", "memberId");

-- AddForeignKey
ALTER TABLE "SlotAsk" ADD CONSTRAINT "SlotAsk_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "PresenterSlot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
