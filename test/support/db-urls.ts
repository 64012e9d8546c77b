/** The local PostgreSQL of these machines: 127.0.0.1:5432, trust auth, database `test`. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
