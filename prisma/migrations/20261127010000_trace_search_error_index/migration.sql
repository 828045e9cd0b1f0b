-- Trace search with "errors only": error spans are a small share of all spans, so a partial
-- b-tree over just them finds a window's failing traces without reading the window's every span,
-- and costs ingest little (only error rows are indexed). It leads with cluster_id like
-- spans_service_start_time_idx; the search names the clusters as = ANY when none is chosen.
-- CONCURRENTLY is not allowed on a partitioned parent, and the build scans every kept day
-- partition once (minutes on a week of busy data), so the statement timeout is lifted for it
-- rather than failing half way.
SET lock_timeout = '10s';
SET statement_timeout = 0;

CREATE INDEX IF NOT EXISTS "spans_errors_start_time_idx" ON "spans" ("cluster_id", "start_time") WHERE "is_error";
