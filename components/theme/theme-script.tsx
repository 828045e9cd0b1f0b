// Mount once inside <head> of app/layout.tsx: applies a remembered theme before first paint.
import { THEME_BOOT_SCRIPT } from "./theme";

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />;
}
