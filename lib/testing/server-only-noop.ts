// Stand-in for the "server-only" package under vitest, where server code is imported directly.
export {};
