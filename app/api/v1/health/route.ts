// GET /api/v1/health – liveness and which database is in use
import { handle, json } from "@/lib/api/json-response";
import { database } from "@/lib/server/context";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const db = await database();
  await db.query("SELECT 1");
  return json({ status: "ok", database: db.kind });
});
