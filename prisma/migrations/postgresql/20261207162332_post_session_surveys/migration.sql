-- DropForeignKey
ALTER TABLE "SurveyResponse" DROP CONSTRAINT "SurveyResponse_sessionId_fkey";

-- AlterTable
ALTER TABLE "Network" ADD COLUMN     "surveyCloseDays" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN     "surveyReminderDays" INTEGER NOT NULL DEFAULT 2;

-- DropTable
DROP TABLE "SurveyResponse";

-- CreateTable
CREATE TABLE "Survey" (
    "sessionId" TEXT NOT NULL,
    "questions" TEXT NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("sessionId")
);

-- CreateTable
CREATE TABLE "SurveyAnswer" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "respondent" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyAnswer_sessionId_respondent_questionId_key" ON "SurveyAnswer"("sessionId", "respondent", "questionId");

-- AddForeignKey
ALTER TABLE "Survey" ADD CONSTRAINT "Survey_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyAnswer" ADD CONSTRAINT "SurveyAnswer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
