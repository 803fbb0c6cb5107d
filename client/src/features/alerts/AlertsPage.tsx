/** Built by the alerts feature. */
export function AlertsPage() {
  return null;
}
