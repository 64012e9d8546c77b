-- AlterTable
ALTER TABLE "Network" ADD COLUMN     "agendaOffsets" TEXT NOT NULL DEFAULT '1d',
ADD COLUMN     "itOffsets" TEXT NOT NULL DEFAULT '30m',
ADD COLUMN     "warningOffsets" TEXT NOT NULL DEFAULT '2d',
ALTER COLUMN "reminderOffsets" SET DEFAULT '15m';

-- CreateTable
CREATE TABLE "FanOut" (
    "id" TEXT NOT NULL,
    "networkId" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "message" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FanOut_pkey" PRIMARY KEY ("id")
);
