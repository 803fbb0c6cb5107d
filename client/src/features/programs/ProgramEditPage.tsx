/** Built by the programs feature. */
export function ProgramEditPage() {
  return null;
}
