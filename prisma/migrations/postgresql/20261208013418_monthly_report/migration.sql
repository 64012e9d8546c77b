-- AlterTable
ALTER TABLE "Network" ADD COLUMN     "monthlyReport" BOOLEAN NOT NULL DEFAULT true;
