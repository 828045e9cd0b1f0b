// The graph's colours come from the page's CSS variables, so the canvas follows the light and
// dark themes of app/globals.css like the rest of the page. Cytoscape paints on a canvas and
// cannot read CSS itself: the values are read with getComputedStyle and the stylesheet is rebuilt
// when the theme changes (prefers-color-scheme or a data-theme attribute on <html>).

export interface GraphTheme {
  fg: string;
  muted: string;
  bg: string;
  panel: string;
  line: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
  idle: string;
}

/** The dark palette the page ships with; also the fallback for any variable that is unset. */
export const DARK_THEME: GraphTheme = {
  fg: "#e6e8eb", muted: "#9aa3ad", bg: "#0f1115", panel: "#161b22", line: "#2b323c",
  accent: "#5aa9ff", ok: "#3fb27f", warn: "#e0a526", bad: "#ff6b6b", idle: "#6b7580",
};

const VARIABLES: Record<keyof GraphTheme, string> = {
  fg: "--fg", muted: "--muted", bg: "--bg", panel: "--panel", line: "--line",
  accent: "--accent", ok: "--ok", warn: "--warn", bad: "--bad", idle: "--graph-idle",
};

export function readTheme(read: (variable: string) => string): GraphTheme {
  const theme = { ...DARK_THEME };
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof GraphTheme, string][]) {
    const value = read(variable).trim();
    if (value) theme[key] = value;
  }
  return theme;
}

export const documentTheme = (): GraphTheme => {
  const style = getComputedStyle(document.documentElement);
  return readTheme((v) => style.getPropertyValue(v));
};

/** Calls back when the theme may have changed; returns the unsubscribe. */
export function watchTheme(onChange: () => void): () => void {
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  media.addEventListener("change", onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "class", "style"] });
  return () => {
    media.removeEventListener("change", onChange);
    observer.disconnect();
  };
}
