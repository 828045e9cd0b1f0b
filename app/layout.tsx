import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/queries/query-provider";
import "./globals.css";
import "./site-nav.css";

export const metadata: Metadata = {
  title: "Strata",
  description: "Live architecture observability across application, service and network layers",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <nav className="site-nav" aria-label="main">
          <Link href="/" className="brand">Strata</Link>
          <Link href="/">Graph</Link>
          <Link href="/traces">Traces</Link>
        </nav>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
