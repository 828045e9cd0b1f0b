import type { Metadata } from "next";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/queries/query-provider";
import "./globals.css";

export const metadata: Metadata = {
  title: "Strata",
  description: "Live architecture observability across application, service and network layers",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
