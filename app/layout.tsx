import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/queries/query-provider";
import { ThemeScript } from "@/components/theme/theme-script";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import "./globals.css";
import "./site-nav.css";

export const metadata: Metadata = {
  title: "Strata",
  description: "Live architecture observability across application, service and network layers",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  // suppressHydrationWarning: ThemeScript sets data-theme on <html> before React hydrates.
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body>
        <nav className="site-nav" aria-label="main">
          <Link href="/" className="brand">Strata</Link>
          <Link href="/">Graph</Link>
          <Link href="/traces">Traces</Link>
          <div className="site-nav-end">
            <ThemeToggle />
          </div>
        </nav>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
