-- AlterTable
ALTER TABLE "Network" ADD COLUMN     "workspace" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "guest" BOOLEAN NOT NULL DEFAULT false;
