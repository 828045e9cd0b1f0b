// Next.js calls register() once when a server process starts. Strata uses it to validate the
// configuration, open and migrate the database, and start background maintenance before the
// first request, so a broken configuration fails at start rather than on first use.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./lib/server/boot");
    await boot();
  }
}
