// GET /api/v1/openapi.json – the OpenAPI 3.1 document of the read API, generated from the zod contracts
import { handle, json } from "@/lib/api/json-response";
import { openApiDocument } from "@/lib/contracts/openapi";

export const dynamic = "force-static";

export const GET = handle(async () => json(openApiDocument()));
