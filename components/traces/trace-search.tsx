"use client";
// The /traces page: filters, then the matching traces. The URL is the state (use-search-state);
// the service suggestions come from the rollups of the same window.
import { useQuery } from "@tanstack/react-query";
import { traceSearchPageQuery, traceServicesQuery } from "@/components/queries/read-queries";
import { SearchForm } from "./search-form";
import { encodeSearch } from "./search-params";
import { SearchResults } from "./search-results";
import { useSearchState } from "./use-search-state";

export function TraceSearch() {
  const [search, go] = useSearchState();
  const results = useQuery(traceSearchPageQuery(search));
  // Only a suggestion list: when it fails the form still takes any service name.
  const services = useQuery(traceServicesQuery(search)).data?.services ?? [];
  return (
    <section aria-label="trace search">
      {/* Remounted per URL: Back restores the form of the search it returns to. */}
      <SearchForm key={encodeSearch(search)} search={search} services={services} onSearch={go} />
      <div className="trace-search-results" aria-busy={results.isFetching}>
        {results.isPending && <p role="status">Searching…</p>}
        {results.error && <p role="alert" className="panel-error">Could not search traces: {results.error.message}</p>}
        {results.data && (
          <SearchResults
            data={results.data}
            sort={search.sort}
            offset={search.offset}
            onSort={(sort) => go({ ...search, sort, offset: 0 })}
            onPage={(offset) => go({ ...search, offset })}
          />
        )}
      </div>
    </section>
  );
}
