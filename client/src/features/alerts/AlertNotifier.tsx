/** Replaced by the alerts feature: browser notifications and sound for critical alerts. */
export function AlertNotifier() {
  return null;
}
