/** Built by the alerts feature. */
export function AlertDetailPage() {
  return null;
}
