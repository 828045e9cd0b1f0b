// The theme choice: "system" follows prefers-color-scheme (no data-theme on <html>), "light" and
// "dark" pin it. Kept in localStorage; applied by setting data-theme on <html>, which selects the
// CSS variables in app/globals.css. Listeners (the graph's cytoscape stylesheet) hear a
// "strata-theme-change" event on document after every change.

export const THEME_STORAGE_KEY = "strata-theme";
export const THEME_CHANGE_EVENT = "strata-theme-change";
export const themeChoices = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof themeChoices)[number];

export function parseThemeChoice(value: string | null | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

/** Sets data-theme on the root element (removes it for "system") and tells listeners. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === "system") root.removeAttribute("data-theme");
  else root.setAttribute("data-theme", choice);
  root.ownerDocument.dispatchEvent(new CustomEvent(THEME_CHANGE_EVENT, { detail: { choice } }));
}

/** The theme in effect: the pinned one, or the system's. */
export function effectiveTheme(choice: ThemeChoice, prefersDark: boolean): "light" | "dark" {
  return choice === "system" ? (prefersDark ? "dark" : "light") : choice;
}

/**
 * Runs before first paint (inline in <head>), so a pinned theme never flashes the other one.
 * It reads the same key as the toggle and tolerates storage being unavailable.
 */
export const THEME_BOOT_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="light"||t==="dark")document.documentElement.setAttribute("data-theme",t)}catch(e){}`;
