/** The only thing the UI keeps in localStorage: the id of the org last used (not secret). */
const CURRENT_ORG = 'strongroom.currentOrgID';

export function loadCurrentOrgID(): string | null {
  try {
    return localStorage.getItem(CURRENT_ORG);
  } catch {
    return null;
  }
}

export function saveCurrentOrgID(id: string): void {
  try {
    localStorage.setItem(CURRENT_ORG, id);
  } catch {
    // storage may be disabled; the org still works for this page load
  }
}
