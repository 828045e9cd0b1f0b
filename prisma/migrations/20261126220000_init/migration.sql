-- Strata's first schema: clusters and tokens, the raw span and flow tables (time-partitioned,
-- created here because Prisma cannot describe partitioned tables), the per-minute rollups that
-- form the read model, the address map, change events and ingest bookkeeping.
-- Every large table carries cluster_id (spans also trace_id) so the schema can be distributed
-- with Citus later without a rewrite (docs/adr/001-storage.md).
SET lock_timeout = '10s';
SET statement_timeout = '120s';

-- CreateTable
CREATE TABLE "clusters" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_tokens" (
    "id" SERIAL NOT NULL,
    "cluster_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(6),

    CONSTRAINT "ingest_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingested_batches" (
    "cluster_id" INTEGER NOT NULL,
    "batch_id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "spans" INTEGER NOT NULL,
    "flows" INTEGER NOT NULL,

    CONSTRAINT "ingested_batches_pkey" PRIMARY KEY ("cluster_id","batch_id")
);

-- CreateTable
CREATE TABLE "edge_minutes" (
    "cluster_id" INTEGER NOT NULL,
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "client" TEXT NOT NULL,
    "server" TEXT NOT NULL,
    "connection_type" TEXT NOT NULL,
    "calls" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,
    "client_hist" INTEGER[],
    "client_sum_us" DOUBLE PRECISION NOT NULL,
    "client_count" BIGINT NOT NULL,
    "server_hist" INTEGER[],
    "server_sum_us" DOUBLE PRECISION NOT NULL,
    "server_count" BIGINT NOT NULL,
    "queue_hist" INTEGER[],
    "queue_sum_us" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "queue_count" BIGINT NOT NULL DEFAULT 0,
    "exemplars" TEXT[],

    CONSTRAINT "edge_minutes_pkey" PRIMARY KEY ("cluster_id","minute","client","server","connection_type")
);

-- CreateTable
CREATE TABLE "node_minutes" (
    "cluster_id" INTEGER NOT NULL,
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "service" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "span_kind" SMALLINT NOT NULL,
    "calls" BIGINT NOT NULL,
    "errors" BIGINT NOT NULL,
    "duration_hist" INTEGER[],
    "duration_sum_us" DOUBLE PRECISION NOT NULL,
    "duration_count" BIGINT NOT NULL,
    "status_classes" JSONB NOT NULL,

    CONSTRAINT "node_minutes_pkey" PRIMARY KEY ("cluster_id","minute","service","operation","span_kind")
);

-- CreateTable
CREATE TABLE "network_edge_minutes" (
    "cluster_id" INTEGER NOT NULL,
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "src_workload" TEXT NOT NULL,
    "dst_workload" TEXT NOT NULL,
    "dst_port" INTEGER NOT NULL,
    "protocol" SMALLINT NOT NULL,
    "flows" BIGINT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "packets" BIGINT NOT NULL,
    "rejects" BIGINT NOT NULL,
    "drops" BIGINT NOT NULL,
    "retransmits" BIGINT NOT NULL,
    "l7_errors" BIGINT NOT NULL,

    CONSTRAINT "network_edge_minutes_pkey" PRIMARY KEY ("cluster_id","minute","src_workload","dst_workload","dst_port","protocol")
);

-- CreateTable
CREATE TABLE "data_quality_minutes" (
    "cluster_id" INTEGER NOT NULL,
    "minute" TIMESTAMPTZ(6) NOT NULL,
    "service" TEXT NOT NULL,
    "spans_paired" BIGINT NOT NULL DEFAULT 0,
    "spans_virtual" BIGINT NOT NULL DEFAULT 0,
    "spans_expired" BIGINT NOT NULL DEFAULT 0,
    "spans_dropped" BIGINT NOT NULL DEFAULT 0,
    "spans_rejected" BIGINT NOT NULL DEFAULT 0,
    "spans_sampled_out" BIGINT NOT NULL DEFAULT 0,
    "flow_lines_rejected" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "data_quality_minutes_pkey" PRIMARY KEY ("cluster_id","minute","service")
);

-- CreateTable
CREATE TABLE "address_map" (
    "id" BIGSERIAL NOT NULL,
    "cluster_id" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "service" TEXT,
    "workload" TEXT,
    "namespace" TEXT,
    "valid_from" TIMESTAMPTZ(6) NOT NULL,
    "valid_to" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "address_map_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change_events" (
    "id" BIGSERIAL NOT NULL,
    "cluster_id" INTEGER NOT NULL,
    "service" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "instance" TEXT,
    "at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "change_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "clusters_name_key" ON "clusters"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ingest_tokens_token_hash_key" ON "ingest_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "ingest_tokens_cluster_id_idx" ON "ingest_tokens"("cluster_id");

-- CreateIndex
CREATE INDEX "ingested_batches_received_at_idx" ON "ingested_batches"("received_at");

-- CreateIndex
CREATE INDEX "edge_minutes_minute_idx" ON "edge_minutes"("minute");

-- CreateIndex
CREATE INDEX "node_minutes_minute_idx" ON "node_minutes"("minute");

-- CreateIndex
CREATE INDEX "network_edge_minutes_minute_idx" ON "network_edge_minutes"("minute");

-- CreateIndex
CREATE INDEX "data_quality_minutes_minute_idx" ON "data_quality_minutes"("minute");

-- CreateIndex
CREATE INDEX "address_map_cluster_id_address_valid_from_idx" ON "address_map"("cluster_id", "address", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "change_events_cluster_id_service_kind_version_key" ON "change_events"("cluster_id", "service", "kind", "version");

-- AddForeignKey
ALTER TABLE "ingest_tokens" ADD CONSTRAINT "ingest_tokens_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Raw spans: append-only, partitioned by day on start_time (partitions are made ahead of the
-- data by strata_ensure_day_partition, and dropped for retention). BRIN on time and a hash
-- index on trace id are the cheapest indexes that serve the two lookups (STACK-NOTES: 2.3x the
-- COPY rate of b-trees); the (service, start_time) b-tree serves trace search.
CREATE TABLE "spans" (
    "cluster_id" INTEGER NOT NULL,
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "parent_span_id" TEXT,
    "trace_state" TEXT,
    "flags" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" SMALLINT NOT NULL,
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "duration_us" BIGINT NOT NULL,
    "status_code" SMALLINT NOT NULL,
    "status_message" TEXT,
    "is_error" BOOLEAN NOT NULL,
    "service" TEXT NOT NULL,
    "service_namespace" TEXT,
    "service_version" TEXT,
    "service_instance_id" TEXT,
    "environment" TEXT,
    "http_method" TEXT,
    "http_status_code" INTEGER,
    "http_route" TEXT,
    "url_full" TEXT,
    "rpc_system" TEXT,
    "rpc_method" TEXT,
    "rpc_status" TEXT,
    "db_system" TEXT,
    "db_namespace" TEXT,
    "db_operation" TEXT,
    "db_statement" TEXT,
    "messaging_system" TEXT,
    "messaging_destination" TEXT,
    "messaging_operation" TEXT,
    "peer_service" TEXT,
    "server_address" TEXT,
    "server_port" INTEGER,
    "client_address" TEXT,
    "network_peer_address" TEXT,
    "network_peer_port" INTEGER,
    "error_type" TEXT,
    "k8s_cluster" TEXT,
    "k8s_namespace" TEXT,
    "k8s_pod_name" TEXT,
    "k8s_pod_ip" TEXT,
    "k8s_node_name" TEXT,
    "k8s_workload" TEXT,
    "host_name" TEXT,
    "host_ip" TEXT,
    "cloud_provider" TEXT,
    "cloud_region" TEXT,
    "cloud_availability_zone" TEXT,
    "cloud_account_id" TEXT,
    "attributes" JSONB NOT NULL,
    "resource_attributes" JSONB NOT NULL,
    "events" JSONB NOT NULL,
    "links" JSONB NOT NULL,
    "truncated" BOOLEAN NOT NULL
) PARTITION BY RANGE ("start_time");

CREATE INDEX "spans_start_time_brin" ON "spans" USING BRIN ("start_time");
CREATE INDEX "spans_trace_id_hash" ON "spans" USING HASH ("trace_id");
CREATE INDEX "spans_service_start_time_idx" ON "spans" ("cluster_id", "service", "start_time");

-- Raw flows from every flow source, normalised (lib/contracts/flow.ts).
CREATE TABLE "flows" (
    "cluster_id" INTEGER NOT NULL,
    "source_kind" TEXT NOT NULL,
    "observer" TEXT,
    "src_addr" TEXT NOT NULL,
    "dst_addr" TEXT NOT NULL,
    "src_port" INTEGER,
    "dst_port" INTEGER,
    "protocol" SMALLINT,
    "bytes" BIGINT NOT NULL,
    "packets" BIGINT NOT NULL,
    "start_time" TIMESTAMPTZ(6) NOT NULL,
    "end_time" TIMESTAMPTZ(6) NOT NULL,
    "verdict" TEXT NOT NULL,
    "reason" TEXT,
    "tcp_flags" INTEGER,
    "direction" TEXT,
    "src_workload" TEXT,
    "dst_workload" TEXT,
    "src_namespace" TEXT,
    "dst_namespace" TEXT,
    "l7_protocol" TEXT,
    "l7_method" TEXT,
    "l7_path" TEXT,
    "l7_status" INTEGER,
    "l7_latency_us" BIGINT,
    "trace_id" TEXT,
    "vpc_id" TEXT,
    "subnet_id" TEXT,
    "account_id" TEXT,
    "region" TEXT,
    "attributes" JSONB NOT NULL
) PARTITION BY RANGE ("start_time");

CREATE INDEX "flows_start_time_brin" ON "flows" USING BRIN ("start_time");
CREATE INDEX "flows_dst_addr_start_time_idx" ON "flows" ("cluster_id", "dst_addr", "start_time");

-- Creates the day partition of a raw table that holds `day` (UTC), if missing. Concurrent
-- ingest requests may race here: an advisory lock serialises them, and because a catalog
-- lookup after an advisory lock can still miss a table created a moment ago, the loser's
-- "already exists" is caught and means success.
CREATE OR REPLACE FUNCTION strata_ensure_day_partition(parent TEXT, day DATE) RETURNS VOID
LANGUAGE plpgsql AS $$
DECLARE
  part TEXT := parent || '_p' || to_char(day, 'YYYYMMDD');
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('strata_partitions'));
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
    part, parent,
    (day::timestamp AT TIME ZONE 'UTC'),
    ((day + 1)::timestamp AT TIME ZONE 'UTC'));
EXCEPTION
  WHEN duplicate_table OR unique_violation THEN
    NULL;
END;
$$;

-- Adds two histograms bucket by bucket; NULL stands for an empty histogram. Histograms share
-- fixed bucket bounds (lib/contracts/histogram.ts), so addition is an exact merge.
-- unnest(a, b) walks both arrays in step and ARRAY(subquery) keeps that order; measured 2.3x
-- faster than array_agg(… ORDER BY ordinality) on PostgreSQL 15 (30 µs a call for 93 buckets).
CREATE OR REPLACE FUNCTION strata_hist_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN a IS NULL THEN b
    WHEN b IS NULL THEN a
    ELSE ARRAY(SELECT COALESCE(x, 0) + COALESCE(y, 0) FROM unnest(a, b) AS t(x, y))
  END
$$;

-- Aggregate form of strata_hist_add, for merging many minutes in one read.
CREATE AGGREGATE strata_hist_sum(INTEGER[]) (
  SFUNC = strata_hist_add,
  STYPE = INTEGER[]
);
