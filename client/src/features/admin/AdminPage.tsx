/** Built by the admin feature. */
export function AdminPage() {
  return null;
}
