"use client";
// The theme picker: System (follows prefers-color-scheme), Light or Dark, remembered in
// localStorage. The choice is read through useSyncExternalStore: the server renders "system",
// the browser the stored choice, without a hydration mismatch; another tab's change (the storage
// event) shows here too. ThemeScript has applied a stored choice before first paint.
import { useSyncExternalStore } from "react";
import { applyTheme, parseThemeChoice, THEME_CHANGE_EVENT, THEME_STORAGE_KEY, themeChoices, type ThemeChoice } from "./theme";

const LABELS: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };

function stored(): ThemeChoice {
  try {
    return parseThemeChoice(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return "system"; // storage blocked: the system theme, not an error
  }
}

function subscribe(onChange: () => void): () => void {
  const fromOtherTab = (e: StorageEvent) => {
    if (e.key !== THEME_STORAGE_KEY) return;
    applyTheme(stored());
    onChange();
  };
  document.addEventListener(THEME_CHANGE_EVENT, onChange);
  window.addEventListener("storage", fromOtherTab);
  return () => {
    document.removeEventListener(THEME_CHANGE_EVENT, onChange);
    window.removeEventListener("storage", fromOtherTab);
  };
}

function choose(next: ThemeChoice) {
  try {
    if (next === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // Not remembered, still applied.
  }
  applyTheme(next);
}

export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, stored, () => "system" as ThemeChoice);
  return (
    <label className="theme-toggle">
      Theme
      <select aria-label="Theme" value={choice} onChange={(e) => choose(parseThemeChoice(e.target.value))}>
        {themeChoices.map((c) => <option key={c} value={c}>{LABELS[c]}</option>)}
      </select>
    </label>
  );
}
