/** Built by the wall feature. */
export function WallPage() {
  return null;
}
