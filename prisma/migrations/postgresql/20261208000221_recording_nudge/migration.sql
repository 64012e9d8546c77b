-- AlterTable
ALTER TABLE "Network" ADD COLUMN     "recordingNudge" BOOLEAN NOT NULL DEFAULT true;
