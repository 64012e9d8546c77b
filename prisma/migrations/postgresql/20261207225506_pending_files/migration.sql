-- CreateTable
CREATE TABLE "PendingFile" (
    "id" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PendingFile_expiresAt_idx" ON "PendingFile"("expiresAt");
