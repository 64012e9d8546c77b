-- AlterTable
ALTER TABLE "VoterMark" DROP COLUMN "createdAt",
ADD COLUMN     "sealed" TEXT;

-- AlterTable
ALTER TABLE "Vote" ALTER COLUMN "voter" SET NOT NULL;
